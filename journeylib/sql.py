"""Key drivers of large surveys computed where the data are: one aggregate SQL query (issue 14)."""

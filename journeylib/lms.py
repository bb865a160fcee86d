"""A class's submissions as learning platforms export them (Brightspace, Canvas, Moodle zips)."""

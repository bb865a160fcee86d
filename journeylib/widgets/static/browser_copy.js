// journeylib's copy of the workbook in the learner's browser, shipped with anywidget.
// The workbook bar's BrowserCopy model (journeylib/widgets/browser_copy.py) talks to this
// piece in custom messages; it has no view of its own (the bar shows the controls).
//
//  * The copies live in IndexedDB (database "journeylib-browser-copy", store "copies"):
//    a workbook may be up to 10 MB, more than localStorage holds (~5 MB per site). One
//    record per course, workbook file and learner: {id, course, file, learner, saved_at,
//    size, digest, data (the saved JSON's bytes)}.
//  * The switch lives in localStorage ("journeylib:browser-copy:<course>" = "on"/"off"),
//    and only when the learner chose otherwise than the default (on on Binder, else off).
//  * With the switch off nothing is written: the database is not even opened unless it
//    already exists (a copy made before the learner switched off is removed then).
//  * The workbook's bytes travel as a binary buffer, never in the widget's state: no
//    learner's work ends up in a saved notebook.
const DB = "journeylib-browser-copy";
const STORE = "copies";
const PREF = (course) => `journeylib:browser-copy:${course}`;

let opening = null;  // one connection per page (per loaded module)

function openDb() {
  if (opening) return opening;
  opening = new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: "id" });
    };
    request.onsuccess = () => {
      const db = request.result;
      // another page (or this one) deletes the database: let it
      db.onversionchange = () => { db.close(); opening = null; };
      resolve(db);
    };
    request.onerror = () => { opening = null; reject(request.error); };
    request.onblocked = () => { opening = null; reject(new Error("blocked")); };
  });
  return opening;
}

async function dbExists() {
  if (typeof indexedDB.databases !== "function") return true;  // cannot tell: look inside
  const all = await indexedDB.databases();
  return all.some((d) => d.name === DB);
}

// run fn(store) in one transaction; resolves with what fn returned (a request's result)
async function inStore(mode, fn) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request ? request.result : undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("aborted"));
  });
}

const meta = (r) => ({ id: r.id, course: r.course, file: r.file, learner: r.learner, saved_at: r.saved_at,
                       size: r.size, digest: r.digest });

async function listCopies(course) {
  const all = await inStore("readonly", (s) => s.getAll());
  return all.filter((r) => r.course === course).map(meta);
}

async function removeCourse(course) {
  const all = await inStore("readonly", (s) => s.getAll());
  const mine = all.filter((r) => r.course === course);
  if (mine.length) {
    await inStore("readwrite", (s) => { for (const r of mine) s.delete(r.id); return null; });
  }
  if (mine.length === all.length) {  // nothing of anyone left: no empty database either
    const db = await openDb();
    db.close();
    opening = null;
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(DB);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  }
  return mine.length;
}

function readPref(course) {
  const value = localStorage.getItem(PREF(course));
  return value === "on" ? true : value === "off" ? false : null;
}

function writePref(course, on, byDefault) {
  if (on === byDefault) localStorage.removeItem(PREF(course));
  else localStorage.setItem(PREF(course), on ? "on" : "off");
}

const bytesOf = (view) => view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength);
const why = (err) => (err && err.name === "QuotaExceededError" ? "quota" : String((err && err.name) || err));

function initialize({ model }) {
  const course = () => model.get("course");
  const limit = () => model.get("limit");
  let enabled = false;
  let queue = Promise.resolve();  // one operation after the other, in the order asked

  async function hello() {
    let available = typeof indexedDB !== "undefined" && typeof localStorage !== "undefined";
    let copies = [];
    enabled = model.get("default_on");
    try {
      const pref = available ? readPref(course()) : null;
      if (pref !== null) enabled = pref;
      if (available && (enabled || await dbExists())) copies = await listCopies(course());
    } catch (err) {  // storage refused (a private window, a blocked site)
      available = false;
      copies = [];
    }
    if (!available) enabled = false;
    model.send({ kind: "hello", available, enabled, copies, offset: -new Date().getTimezoneOffset() });
  }

  const handlers = {
    async store(msg, buffers) {
      const record = msg.record;
      if (!enabled) return { kind: "stored", ok: false, error: "off" };
      if (!buffers.length || record.size > limit()) return { kind: "stored", ok: false, error: "size" };
      const data = bytesOf(buffers[0]);
      try {
        await inStore("readwrite", (s) => s.put({ ...record, course: course(), data }));
      } catch (err) {
        return { kind: "stored", ok: false, error: why(err) };
      }
      return { kind: "stored", ok: true, record: { ...record, course: course() } };
    },
    async fetch(msg) {
      let record;
      try {
        record = await dbExists() ? await inStore("readonly", (s) => s.get(msg.id)) : undefined;
      } catch (err) {
        return { kind: "copy", id: msg.id, error: why(err) };
      }
      if (!record) return { kind: "copy", id: msg.id, error: "missing" };
      const size = record.data && record.data.byteLength;
      if (typeof size !== "number") return { kind: "copy", id: msg.id, error: "damaged", record: meta(record) };
      if (size > limit()) return { kind: "copy", id: msg.id, error: "too_large", size, record: meta(record) };
      return [{ kind: "copy", id: msg.id, record: meta(record) }, [record.data]];
    },
    async remove() {
      const count = await dbExists() ? await removeCourse(course()) : 0;
      return { kind: "removed", ok: true, count };
    },
    async switch(msg) {
      enabled = Boolean(msg.on);
      writePref(course(), enabled, model.get("default_on"));
      if (!enabled) return handlers.remove();
      return null;
    },
  };

  function onMessage(msg, buffers) {
    const handler = msg && handlers[msg.kind];
    if (!handler) return;
    queue = queue.then(async () => {
      let reply;
      try {
        reply = await handler(msg, buffers || []);
      } catch (err) {
        reply = { kind: msg.kind === "fetch" ? "copy" : msg.kind === "store" ? "stored" : "removed",
                  ok: false, error: why(err), count: 0 };
      }
      if (!reply) return;
      const [content, out] = Array.isArray(reply) ? reply : [reply, []];
      model.send(content, undefined, out);
    });
  }

  model.on("msg:custom", onMessage);
  queue = queue.then(hello);
  return () => model.off("msg:custom", onMessage);
}

function render({ el }) {
  el.hidden = true;  // nothing to see: the bar shows the switch, the offer and the buttons
}

export default { initialize, render };

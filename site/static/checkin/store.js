// What the scanner keeps on the device, in IndexedDB: the set-up, roster and keys it downloaded
// ("meta"), the scans not yet answered by the server ("queue", by nonce) and the ones the server
// refused to decide ("failed", kept for the record rather than dropped).

const DB_NAME = "fao-checkin";
const STORES = ["meta", "queue", "failed"];
let opening = null;

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore("meta");
        db.createObjectStore("queue", { keyPath: "nonce" });
        db.createObjectStore("failed", { keyPath: "nonce" });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  return opening;
}

async function run(store, mode, action) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const request = action(tx.objectStore(store));
    tx.oncomplete = () => resolve(request ? request.result : undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export const meta = {
  get: (key) => run("meta", "readonly", (s) => s.get(key)),
  set: (key, value) => run("meta", "readwrite", (s) => s.put(value, key)),
};

export const queue = {
  add: (scan) => run("queue", "readwrite", (s) => s.put(scan)),
  all: () => run("queue", "readonly", (s) => s.getAll()),
  count: () => run("queue", "readonly", (s) => s.count()),
  get: (nonce) => run("queue", "readonly", (s) => s.get(nonce)),
  remove: (nonce) => run("queue", "readwrite", (s) => s.delete(nonce)),
};

export const failed = {
  add: (entry) => run("failed", "readwrite", (s) => s.put(entry)),
  count: () => run("failed", "readonly", (s) => s.count()),
};

export async function clearAll() {
  for (const name of STORES) await run(name, "readwrite", (s) => s.clear());
}

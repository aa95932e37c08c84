// Reading and verifying a QR pass offline (README, "The pass"): base32 of 13 bytes of payload
// and their 64-byte Ed25519 signature over "fao-pass:" + payload.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const PAYLOAD = 13;
const SIGNATURE = 64;
const PREFIX = new TextEncoder().encode("fao-pass:");

export function base32Decode(text) {
  const bytes = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) return null;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >>> bits) & 0xff);
    }
  }
  // Leftover bits must be zero padding, as a strict decoder would insist.
  if (bits >= 5 || (value & ((1 << bits) - 1)) !== 0) return null;
  return new Uint8Array(bytes);
}

export function base64urlDecode(text) {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/** The pass's fields, or null if it is not a pass of this system. */
export function readCode(code) {
  const text = (code || "").trim().toUpperCase();
  if (text.length !== 124) return null;
  const raw = base32Decode(text);
  if (!raw || raw.length !== PAYLOAD + SIGNATURE || raw[0] !== 0x01) return null;
  const view = new DataView(raw.buffer, raw.byteOffset, PAYLOAD);
  const payload = raw.slice(0, PAYLOAD);
  const signed = new Uint8Array(PREFIX.length + PAYLOAD);
  signed.set(PREFIX);
  signed.set(payload, PREFIX.length);
  return {
    keyId: view.getUint16(1),
    eventId: view.getUint32(3),
    registration: view.getUint32(7),
    version: view.getUint16(11),
    signed,
    signature: raw.slice(PAYLOAD),
  };
}

export function looksLikeCode(text) {
  return /^[A-Z2-7]{124}$/i.test((text || "").trim());
}

let webcrypto = typeof crypto !== "undefined" && crypto.subtle ? "untested" : "absent";
let noble = null;

/** Whether signature is an Ed25519 signature of message by the 32-byte public key.
 * `library`: use the vendored @noble/ed25519 even where WebCrypto has Ed25519 (tests). */
export async function verify(publicKey, signature, message, { library = false } = {}) {
  if (webcrypto !== "absent" && !library) {
    try {
      const key = await crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"]);
      const ok = await crypto.subtle.verify({ name: "Ed25519" }, key, signature, message);
      webcrypto = "works";
      return ok;
    } catch (error) {
      if (webcrypto === "works") return false; // a bad key, not a browser without Ed25519
      webcrypto = "absent";
    }
  }
  if (!noble) {
    const config = JSON.parse(document.getElementById("checkin-config").textContent);
    noble = await import(config.noble);
  }
  try {
    return await noble.verifyAsync(signature, message, publicKey);
  } catch (error) {
    return false;
  }
}

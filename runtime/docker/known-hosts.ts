/**
 * OpenSSH's known_hosts, read as `ssh` reads it: host patterns (`*`, `?`, `!negated`, comma
 * lists), `[host]:port` for ports other than 22, hashed names (`|1|salt|hash`), and the
 * `@revoked` marker (`@cert-authority` lines are skipped: berth does not check host
 * certificates). Pure: the caller reads and writes the files.
 */
import { createHash, createHmac } from "node:crypto";

export interface KnownHost {
  /** Where the line is, for messages: `/root/.ssh/known_hosts:3`. */
  readonly at: string;
  readonly revoked: boolean;
  readonly patterns: string;
  /** The key's algorithm as written (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`). */
  readonly keyType: string;
  /** The key blob in SSH wire format, as the server sends it. */
  readonly key: Buffer;
}

export type HostKeyCheck =
  | { readonly result: "known"; readonly at: string }
  | { readonly result: "mismatch"; readonly at: string }
  | { readonly result: "revoked"; readonly at: string }
  | { readonly result: "unknown" };

/** The lines of one known_hosts file that berth can use; comments, blanks and unreadable lines are skipped. */
export function parseKnownHosts(text: string, file: string): KnownHost[] {
  const hosts: KnownHost[] = [];
  text.split("\n").forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === "" || fields[0].startsWith("#")) return;
    let marker: string | undefined;
    if (fields[0].startsWith("@")) marker = fields.shift();
    if (marker === "@cert-authority") return;
    const [patterns, keyType, base64] = fields;
    if (patterns === undefined || keyType === undefined || base64 === undefined) return;
    const key = Buffer.from(base64, "base64");
    if (key.length === 0 || keyTypeOf(key) !== keyType) return;
    hosts.push({ at: `${file}:${index + 1}`, revoked: marker === "@revoked", patterns, keyType, key });
  });
  return hosts;
}

/** The name known_hosts uses for a host: `host`, or `[host]:port` when the port is not 22. */
export const knownHostName = (host: string, port: number): string => (port === 22 ? host : `[${host}]:${port}`);

/** Whether a line's patterns name `name` (OpenSSH's match_hostname: a negated match wins). */
export function matchesHost(patterns: string, name: string): boolean {
  if (patterns.startsWith("|1|")) return hashedMatch(patterns, name);
  let matched = false;
  for (const pattern of patterns.split(",")) {
    const negated = pattern.startsWith("!");
    if (!globMatch(negated ? pattern.slice(1) : pattern, name.toLowerCase())) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/**
 * The server's key against every line that names the host. A revoked key is refused even if
 * another line accepts it; a line with the same key accepts it; any other line naming the
 * host means the key changed.
 */
export function checkHostKey(known: readonly KnownHost[], name: string, key: Buffer): HostKeyCheck {
  const lines = known.filter((k) => matchesHost(k.patterns, name));
  const revoked = lines.find((k) => k.revoked && k.key.equals(key));
  if (revoked !== undefined) return { result: "revoked", at: revoked.at };
  const same = lines.find((k) => !k.revoked && k.key.equals(key));
  if (same !== undefined) return { result: "known", at: same.at };
  const other = lines.find((k) => !k.revoked);
  return other === undefined ? { result: "unknown" } : { result: "mismatch", at: other.at };
}

/** The key types known_hosts records for a host, so the handshake asks for one of them. */
export const knownKeyTypes = (known: readonly KnownHost[], name: string): string[] => [
  ...new Set(known.filter((k) => !k.revoked && matchesHost(k.patterns, name)).map((k) => k.keyType)),
];

/** The line `ssh` would append for a newly accepted key. */
export const knownHostLine = (name: string, key: Buffer): string =>
  `${name} ${keyTypeOf(key)} ${key.toString("base64")}`;

/** `SHA256:…`, as `ssh` and `ssh-keygen -l` print a key's fingerprint. */
export const fingerprint = (key: Buffer): string =>
  `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;

/** The algorithm name a wire-format key blob starts with (a uint32 length, then the name). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return "";
  const length = key.readUInt32BE(0);
  return length > 0 && length < 64 && key.length >= 4 + length ? key.subarray(4, 4 + length).toString("latin1") : "";
}

function hashedMatch(entry: string, name: string): boolean {
  const [, , salt, hash] = entry.split("|");
  if (salt === undefined || hash === undefined) return false;
  const digest = createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest("base64");
  return digest === hash;
}

function globMatch(pattern: string, name: string): boolean {
  const regex = pattern
    .toLowerCase()
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${regex}$`).test(name);
}

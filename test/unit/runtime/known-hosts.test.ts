/** known_hosts as ssh reads it; the keys and the hashed line were made by ssh-keygen. */
import { describe, expect, it } from "vitest";
import {
  checkHostKey,
  fingerprint,
  keyTypeOf,
  knownHostLine,
  knownHostName,
  knownKeyTypes,
  matchesHost,
  parseKnownHosts,
} from "../../../runtime/docker/known-hosts.ts";

const A = "AAAAC3NzaC1lZDI1NTE5AAAAIGW1YQSjcTMItAl4I8HTeFKODzqoXVy/2DtLGPVHXwro";
const B = "AAAAC3NzaC1lZDI1NTE5AAAAIBJdxLDL7UHWGPRWWtZYm6sfubf/6R5XP+hr7WrLNUl1";
const keyA = Buffer.from(A, "base64");
const keyB = Buffer.from(B, "base64");
// `ssh-keygen -H` of "[127.0.0.1]:2222 ssh-ed25519 A"
const HASHED = "|1|jji8x+ofYVGdwfgnYXfpZYje0ZA=|tPQerpVS+5koSS6CaKB/C4eJNmM=";

describe("known_hosts", () => {
  it("names hosts as ssh does: [host]:port unless the port is 22", () => {
    expect(knownHostName("build-host", 22)).toBe("build-host");
    expect(knownHostName("127.0.0.1", 2222)).toBe("[127.0.0.1]:2222");
  });

  it("reads lines with their place, skipping comments, blanks, certificate authorities and broken keys", () => {
    const text = [
      "# a comment",
      "",
      `build-host,10.0.0.6 ssh-ed25519 ${A} me@laptop`,
      `@revoked old-host ssh-ed25519 ${B}`,
      `@cert-authority *.example ssh-ed25519 ${B}`,
      "broken-host ssh-ed25519 notbase64!",
      `wrong-type ssh-rsa ${A}`,
    ].join("\n");
    const hosts = parseKnownHosts(text, "/home/me/.ssh/known_hosts");
    expect(hosts.map((h) => [h.at, h.patterns, h.keyType, h.revoked])).toEqual([
      ["/home/me/.ssh/known_hosts:3", "build-host,10.0.0.6", "ssh-ed25519", false],
      ["/home/me/.ssh/known_hosts:4", "old-host", "ssh-ed25519", true],
    ]);
    expect(hosts[0]?.key.equals(keyA)).toBe(true);
  });

  it("matches comma lists, wildcards, negations and hashed names", () => {
    expect(matchesHost("build-host,10.0.0.6", "10.0.0.6")).toBe(true);
    expect(matchesHost("*.example.com,!secret.example.com", "web.example.com")).toBe(true);
    expect(matchesHost("*.example.com,!secret.example.com", "secret.example.com")).toBe(false);
    expect(matchesHost("host-?", "host-1")).toBe(true);
    expect(matchesHost("host-?", "host-10")).toBe(false);
    expect(matchesHost("Build-Host", "build-host")).toBe(true);
    expect(matchesHost(HASHED, "[127.0.0.1]:2222")).toBe(true);
    expect(matchesHost(HASHED, "127.0.0.1")).toBe(false);
  });

  it("knows a recorded key, sees a changed one, refuses a revoked one, and says when a host is unknown", () => {
    const hosts = parseKnownHosts(
      [`${HASHED} ssh-ed25519 ${A}`, `other ssh-ed25519 ${B}`, `@revoked * ssh-ed25519 ${B}`].join("\n"),
      "kh",
    );
    expect(checkHostKey(hosts, "[127.0.0.1]:2222", keyA)).toEqual({ result: "known", at: "kh:1" });
    expect(checkHostKey(hosts, "[127.0.0.1]:2222", keyB)).toEqual({ result: "revoked", at: "kh:3" });
    const unrevoked = hosts.filter((h) => !h.revoked);
    expect(checkHostKey(unrevoked, "other", keyA)).toEqual({ result: "mismatch", at: "kh:2" });
    expect(checkHostKey(unrevoked, "new-host", keyA)).toEqual({ result: "unknown" });
    expect(knownKeyTypes(hosts, "[127.0.0.1]:2222")).toEqual(["ssh-ed25519"]);
    expect(knownKeyTypes(hosts, "new-host")).toEqual([]);
  });

  it("writes new lines and fingerprints as ssh does", () => {
    expect(keyTypeOf(keyA)).toBe("ssh-ed25519");
    expect(keyTypeOf(Buffer.from("xx"))).toBe("");
    expect(knownHostLine("[127.0.0.1]:2222", keyA)).toBe(`[127.0.0.1]:2222 ssh-ed25519 ${A}`);
    // ssh-keygen -lf prints SHA256:ItPZ/xsTWUmlyddJdyaJplCsOech7dHmbknJo830Jxg for key A.
    expect(fingerprint(keyA)).toBe("SHA256:ItPZ/xsTWUmlyddJdyaJplCsOech7dHmbknJo830Jxg");
  });
});

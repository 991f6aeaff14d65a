import { describe, expect, it } from "vitest";
import { parseHost } from "../../../runtime/docker/translate/mod.ts";

const defaultSocket = { protocol: "unix", socketPath: "/var/run/docker.sock", url: "http+unix://var/run/docker.sock" };

describe("parseHost (docker-py 1.6 parse_host)", () => {
  it.each([
    ["", defaultSocket],
    ["unix://", defaultSocket],
    ["  unix://  ", defaultSocket],
    ["unix://var/run/docker.sock", defaultSocket],
    [
      "unix:///var/run/docker.sock",
      { protocol: "unix", socketPath: "/var/run/docker.sock", url: "http+unix:///var/run/docker.sock" },
    ],
    ["http+unix:///tmp/d.sock", { protocol: "unix", socketPath: "/tmp/d.sock", url: "http+unix:///tmp/d.sock" }],
    ["tcp://10.0.0.5:2375", { protocol: "http", host: "10.0.0.5", port: 2375, path: "", url: "http://10.0.0.5:2375" }],
    ["http://h:80", { protocol: "http", host: "h", port: 80, path: "", url: "http://h:80" }],
    ["https://h:2376", { protocol: "https", host: "h", port: 2376, path: "", url: "https://h:2376" }],
    ["localhost:1234", { protocol: "http", host: "localhost", port: 1234, path: "", url: "http://localhost:1234" }],
    ["tcp://:2375", { protocol: "http", host: "127.0.0.1", port: 2375, path: "", url: "http://127.0.0.1:2375" }],
    [":7777", { protocol: "http", host: "127.0.0.1", port: 7777, path: "", url: "http://127.0.0.1:7777" }],
    [
      "somehost.net:80/service/swarm",
      {
        protocol: "http",
        host: "somehost.net",
        port: 80,
        path: "/service/swarm",
        url: "http://somehost.net:80/service/swarm",
      },
    ],
    ["tcp://[::1]:2375", { protocol: "http", host: "::1", port: 2375, path: "", url: "http://[::1]:2375" }],
    [
      "https://[fd00::5]:2376/x",
      { protocol: "https", host: "fd00::5", port: 2376, path: "/x", url: "https://[fd00::5]:2376/x" },
    ],
    ["ssh://me@h", { protocol: "ssh", host: "h", port: 22, username: "me", url: "ssh://me@h:22" }],
    ["ssh://me@h:2222", { protocol: "ssh", host: "h", port: 2222, username: "me", url: "ssh://me@h:2222" }],
    ["ssh://h", { protocol: "ssh", host: "h", port: 22, url: "ssh://h:22" }],
    ["ssh://[::1]:22", { protocol: "ssh", host: "::1", port: 22, url: "ssh://[::1]:22" }],
  ] as const)("parses %j", (addr, expected) => {
    expect(parseHost(addr)._unsafeUnwrap()).toEqual(expected);
  });

  it("treats a missing address as the default socket", () => {
    expect(parseHost(undefined)._unsafeUnwrap()).toEqual(defaultSocket);
  });

  it.each([
    ["tcp://", "Invalid bind address format: tcp://"],
    ["fd://", "fd protocol is not implemented"],
    ["fd://something", "fd protocol is not implemented"],
    ["foo://0.0.0.1:2375", "Invalid bind address protocol: foo://0.0.0.1:2375"],
    ["npipe:////./pipe/docker_engine", "Invalid bind address protocol: npipe:////./pipe/docker_engine"],
    ["tcp://localhost", "Bind address needs a port: localhost"],
    ["https://h", "Bind address needs a port: h"],
    ["localhost", "Bind address needs a port: localhost"],
    ["tcp://a:b:c", "Invalid bind address format: a:b:c"],
    ["tcp://::1:2375", "Invalid bind address format: ::1:2375"],
    ["tcp://[::1]", "Bind address needs a port: [::1]"],
    ["tcp://h:port", "Invalid port: h:port"],
    ["tcp://h:", "Invalid port: h:"],
    ["tcp://h:70000", "Invalid port: h:70000"],
    [
      "ssh://me:secret@h",
      "Invalid bind address format: ssh://me:secret@h (ssh takes user@host[:port]; use an SSH key or agent, not a password)",
    ],
    ["ssh://h/path", "Invalid bind address format: ssh://h/path"],
    ["ssh://h:x", "Invalid port: ssh://h:x"],
  ] as const)("rejects %j", (addr, message) => {
    expect(parseHost(addr)._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "daemon_client.base_url",
      message,
    });
  });
});

// The client package's signature against ../shared/spec/sign-vectors.txt
// (computed with the reference algorithm), with Node's Web Crypto.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { sign, stringToSign, negotiateVersion, requestDate } from "@admin-codegen/client";

const vectors = process.env.SIGN_VECTORS;
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

test("every HMAC-SHA256 vector", { skip: !vectors || !existsSync(vectors) ? "SIGN_VECTORS is not a file" : false }, async () => {
  const rows = readFileSync(vectors, "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => l.split("|").map((f) => f.trim()));
  const sha256 = rows.filter((r) => r[5] === "sha256");
  assert.ok(sha256.length >= 3, `vectors read: ${rows.length}`);
  for (const [method, path, host, date, version, , signature] of sha256) {
    const got = await sign(SECRET, { method, path, date, host, contentType: "application/json", version });
    assert.equal(got, signature, `${method} ${path} ${date}`);
  }
  // Web Crypto has no MD5: the one md5 vector is for servers, which accept it.
  assert.ok(rows.some((r) => r[5] === "md5"));
});

test("the string to sign of the first vector", () => {
  const text = stringToSign({
    method: "post",
    path: "/admin/gql",
    date: "2025-01-02T03:04:05.678901+00:00",
    host: "api.example.com",
    contentType: "Application/JSON; charset=utf-8",
    version: "v9.20250722",
  });
  assert.equal(
    text,
    "POST\n/admin/gql\n2025-01-02T03:04:05.678901+00:00\nhost:api.example.com\ncontent-type:application/json\nx-backendai-version:v9.20250722\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
});

test("versions and dates", () => {
  assert.equal(negotiateVersion("v9.20250722", "v8.20240915"), "v8.20240915");
  assert.equal(negotiateVersion("v8.20240915", "v9.20250722"), "v8.20240915");
  assert.equal(requestDate(new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 678))), "2025-01-02T03:04:05.678+00:00");
});

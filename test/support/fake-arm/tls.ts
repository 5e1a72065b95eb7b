/**
 * A throwaway self-signed certificate for 127.0.0.1. The Azure SDK refuses to send a bearer token over
 * plain http, so the fake ARM server speaks https; clients trust this certificate through the
 * providers' `caCertificate` setting. Generated per test process with the openssl CLI, never committed.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface TestCertificate {
    readonly cert: string;
    readonly key: string;
}

let cached: TestCertificate | undefined;

export function loopbackCertificate(): TestCertificate {
    if (cached !== undefined) return cached;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-arm-tls-"));
    try {
        const keyPath = path.join(dir, "key.pem");
        const certPath = path.join(dir, "cert.pem");
        execFileSync(
            "openssl",
            [
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                keyPath,
                "-out",
                certPath,
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
            ],
            { stdio: "ignore" },
        );
        cached = { cert: fs.readFileSync(certPath, "utf8"), key: fs.readFileSync(keyPath, "utf8") };
        return cached;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

package com.t3chat.embedding.scan;

/**
 * What the virus scanner said about a file.
 *
 * @param signature the name of what was found (e.g. {@code Eicar-Test-Signature}), or null when the file is clean
 */
public record ScanVerdict(String signature) {

    static ScanVerdict clean() {
        return new ScanVerdict(null);
    }

    static ScanVerdict infected(String signature) {
        return new ScanVerdict(signature);
    }

    public boolean infected() {
        return signature != null;
    }
}

package io.syncer.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The short, one-way fingerprint under which a token appears in logs: never the token itself. */
public final class TokenHash {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int BYTES = 6;

    private TokenHash() {
    }

    /** The first 12 hex digits of the token's SHA-256, prefixed with {@code sha256:}. */
    public static String of(String token) {
        if (token == null) {
            return "none";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder("sha256:");
            for (int i = 0; i < BYTES; i++) {
                out.append(HEX[(digest[i] >> 4) & 0xf]).append(HEX[digest[i] & 0xf]);
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

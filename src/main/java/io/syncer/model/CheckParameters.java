package io.syncer.model;

/**
 * Reads a check's parameters, the same way for HTTP (query parameters and headers) and the event bus (JSON fields
 * given here as text). Every error names the parameter, for a 400 answer.
 */
public final class CheckParameters {

    private CheckParameters() {
    }

    /**
     * @param token the token (required, not blank)
     * @param origin the origin pod, or null
     * @param detail true, false or null
     * @param min the quorum, or null for all pods
     * @param deadlineMs the caller's deadline in ms, or null for check.deadlineMs
     * @param deadlineName where the deadline came from, for the error message (deadlineMs, or a header's name)
     * @param expect present, absent or null
     * @param maxDeadlineMs the cap on the caller's deadline
     * @throws IllegalArgumentException naming the parameter that is wrong
     */
    public static CheckRequest parse(String token, String origin, String detail, String min, String deadlineMs,
                                     String deadlineName, String expect, int maxDeadlineMs) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("'token' is required and must not be blank");
        }
        if (detail != null && !detail.equals("true") && !detail.equals("false")) {
            throw new IllegalArgumentException("'detail' must be true or false, got '" + detail + "'");
        }
        return new CheckRequest(token, origin == null || origin.isBlank() ? null : origin.trim(), "true".equals(detail),
                Quorum.parse(min), deadline(deadlineMs, deadlineName, maxDeadlineMs), Expectation.parse(expect));
    }

    private static int deadline(String value, String name, int maxDeadlineMs) {
        if (value == null) {
            return 0;
        }
        String text = value.trim();
        if (!text.matches("\\d{1,9}") || Long.parseLong(text) < 1) {
            throw new IllegalArgumentException("'" + name + "' must be a whole number of milliseconds, 1 or more, got '" + value + "'");
        }
        return (int) Math.min(Long.parseLong(text), maxDeadlineMs);
    }
}

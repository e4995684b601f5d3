package io.syncer.front;

import io.syncer.check.CheckRefusedException;
import io.syncer.config.HttpConfig;
import io.syncer.model.CheckRequest;
import io.syncer.model.Expectation;
import io.syncer.model.Quorum;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Reads a check's input once, from either front, into a {@link CheckRequest}: {@code GET /v1/synced} (the token in a
 * header; {@code detail}, {@code min}, {@code deadlineMs} or the {@code X-Sync-Deadline-Ms} header, {@code expect}, {@code value},
 * {@code repair})
 * and {@code syncer.check} (the same fields in a JSON object). Every error is a {@link CheckRefusedException} with
 * status 400 naming the field.
 */
public final class CheckInput {

    /** The header a gateway may give its deadline in, instead of the deadlineMs parameter. */
    public static final String DEADLINE_HEADER = "X-Sync-Deadline-Ms";

    private CheckInput() {
    }

    /** From an HTTP request that arrived at {@code receivedNanos}. */
    public static CheckRequest fromHttp(HttpServerRequest request, HttpConfig http, int maxDeadlineMs, long receivedNanos) {
        List<String> tokens = request.headers().getAll(http.tokenHeader());
        if (tokens.isEmpty() || tokens.get(0).isBlank()) {
            throw bad("the token is missing: send it in the " + http.tokenHeader() + " header");
        }
        if (tokens.size() > 1) {
            throw bad("the " + http.tokenHeader() + " header is given " + tokens.size() + " times: send the token once");
        }
        boolean fromQuery = request.getParam("deadlineMs") != null;
        return new Fields(tokens.get(0), request.getHeader(http.originHeader()), request.getParam("detail"), request.getParam("min"),
                fromQuery ? request.getParam("deadlineMs") : request.getHeader(DEADLINE_HEADER), fromQuery ? "deadlineMs" : DEADLINE_HEADER,
                request.getParam("expect"), request.getParam("value"), request.getParam("repair")).toRequest(maxDeadlineMs, receivedNanos);
    }

    /** From an event-bus message body that arrived at {@code receivedNanos}. */
    public static CheckRequest fromJson(Object body, int maxDeadlineMs, long receivedNanos) {
        if (!(body instanceof JsonObject json)) {
            throw bad("the request must be a JSON object with a 'token' field");
        }
        return new Fields(text(json, "token", false), text(json, "origin", false), flag(json, "detail"), text(json, "min", true),
                text(json, "deadlineMs", true), "deadlineMs", text(json, "expect", false), text(json, "value", false), flag(json, "repair"))
                .toRequest(maxDeadlineMs, receivedNanos);
    }

    private static String text(JsonObject json, String field, boolean numberAllowed) {
        Object value = json.getValue(field);
        if (value == null || value instanceof String || (numberAllowed && value instanceof Number)) {
            return value == null ? null : String.valueOf(value);
        }
        throw bad("'" + field + "' must be a " + (numberAllowed ? "number or string" : "string"));
    }

    private static String flag(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value == null || value instanceof Boolean) {
            return value == null ? null : value.toString();
        }
        throw bad("'" + field + "' must be a boolean");
    }

    private static CheckRefusedException bad(String message) {
        return CheckRefusedException.badRequest(message);
    }

    /** The raw text of every field, whichever front it came from. */
    private record Fields(String token, String origin, String detail, String min, String deadline, String deadlineName,
                          String expect, String value, String repair) {

        CheckRequest toRequest(int maxDeadlineMs, long receivedNanos) {
            if (token == null || token.isBlank()) {
                throw bad("'token' is required and must not be blank");
            }
            // a control character (CR, LF, NUL, ...) cannot go into a pod request's header or URL; the value is never echoed
            refuseControlCharacters("token", token);
            refuseControlCharacters("origin", origin);
            refuseControlCharacters("value", value);
            if (detail != null && !detail.equals("true") && !detail.equals("false")) {
                throw bad("'detail' must be true or false, got '" + detail + "'");
            }
            if (repair != null && !repair.equals("true") && !repair.equals("false")) {
                throw bad("'repair' must be true or false, got '" + repair + "'");
            }
            try {
                Expectation expectation = Expectation.parse(expect);
                if (expectation == Expectation.VALUE && (value == null || value.isEmpty())) {
                    throw bad("'value' is required with expect=value: the value every pod must hold");
                }
                if (expectation != Expectation.VALUE && value != null) {
                    throw bad("'value' is only meaningful with expect=value");
                }
                return new CheckRequest(token, origin == null || origin.isBlank() ? null : origin.trim(), "true".equals(detail),
                        Quorum.parse(min), deadlineMs(maxDeadlineMs), expectation, receivedNanos, value, !"false".equals(repair));
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
        }

        private static void refuseControlCharacters(String field, String text) {
            if (text != null && text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw bad("'" + field + "' must not contain control characters (CR, LF, NUL, TAB ...)");
            }
        }

        private int deadlineMs(int maxDeadlineMs) {
            if (deadline == null) {
                return 0;
            }
            String text = deadline.trim();
            if (!text.matches("\\d{1,9}") || Long.parseLong(text) < 1) {
                throw bad("'" + deadlineName + "' must be a whole number of milliseconds, 1 or more, got '" + deadline + "'");
            }
            return (int) Math.min(Long.parseLong(text), maxDeadlineMs);
        }
    }
}

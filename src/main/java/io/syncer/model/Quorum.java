package io.syncer.model;

/**
 * How many pods must answer as expected: all of them (the original's rule, when no {@code min} is given), a count,
 * a majority, or a ratio of the pods.
 *
 * @param kind which rule
 * @param value the count or ratio
 */
public record Quorum(Kind kind, double value) {

    /** The kinds of rule. */
    public enum Kind { ALL, COUNT, MAJORITY, RATIO }

    public static final Quorum ALL = new Quorum(Kind.ALL, 0);

    /** True when the caller asked for a quorum ({@code min} given). */
    public boolean explicit() {
        return kind != Kind.ALL;
    }

    /** How many of {@code pods} must answer as expected; at least 1 when a quorum was asked for. */
    public int required(int pods) {
        return switch (kind) {
            case ALL -> pods;
            case COUNT -> (int) value;
            case MAJORITY -> pods / 2 + 1;
            case RATIO -> Math.max(1, (int) Math.ceil(value * pods - 1e-9));
        };
    }

    /**
     * Reads {@code min}: a whole number (at least 1), {@code majority}, or a ratio in (0, 1] such as 0.75.
     *
     * @throws IllegalArgumentException naming the parameter
     */
    public static Quorum parse(String value) {
        if (value == null || value.isBlank()) {
            return ALL;
        }
        String text = value.trim();
        if (text.equals("majority")) {
            return new Quorum(Kind.MAJORITY, 0);
        }
        if (text.matches("\\d{1,6}")) {
            int count = Integer.parseInt(text);
            if (count >= 1) {
                return new Quorum(Kind.COUNT, count);
            }
        } else if (text.matches("0?\\.\\d{1,6}|1(\\.0{1,6})?")) {
            double ratio = Double.parseDouble(text);
            if (ratio > 0) {
                return ratio == 1 ? ALL_AS_RATIO : new Quorum(Kind.RATIO, ratio);
            }
        }
        throw new IllegalArgumentException("'min' must be a whole number of pods (1 or more), 'majority', or a ratio in (0, 1]"
                + " such as 0.75, got '" + value + "'");
    }

    private static final Quorum ALL_AS_RATIO = new Quorum(Kind.RATIO, 1.0);
}

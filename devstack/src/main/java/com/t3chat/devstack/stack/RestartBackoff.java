package com.t3chat.devstack.stack;

import java.time.Duration;

/**
 * How long the supervisor waits before it starts a crashed part again: {@code first}, doubling with every crash in a
 * row, at most {@code max}. A part that stayed up for {@code stableAfter} before it crashed starts a new streak.
 *
 * @param first       the wait before the first restart of a streak
 * @param max         the longest wait
 * @param stableAfter how long a part must have run for its next crash to count as the first of a new streak
 */
public record RestartBackoff(Duration first, Duration max, Duration stableAfter) {

    /** 1 s, 2 s, 4 s … 30 s; a part that ran for a minute is forgiven. */
    public static final RestartBackoff DEFAULT = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofSeconds(60));

    public RestartBackoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || stableAfter.isNegative()) {
            throw new IllegalArgumentException("need 0 < first <= max and stableAfter >= 0: " + first + ", " + max
                    + ", " + stableAfter);
        }
    }

    /** The wait before restarting after crash number {@code crashesInARow} (1 for the first) of a streak. */
    public Duration delay(int crashesInARow) {
        Duration delay = first;
        for (int i = 1; i < crashesInARow && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** The streak a crash belongs to: 1 after {@code stableAfter} up, else one more than {@code previous}. */
    public int crashesInARow(int previous, Duration upFor) {
        return upFor.compareTo(stableAfter) >= 0 ? 1 : previous + 1;
    }
}

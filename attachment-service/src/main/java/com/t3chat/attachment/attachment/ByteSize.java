package com.t3chat.attachment.attachment;

import java.util.Locale;

/** Sizes as people read them in refusals ("25 MB", "1.5 GB"); binary units, as in the configuration. */
public final class ByteSize {

    private static final String[] UNITS = {"bytes", "KB", "MB", "GB", "TB"};

    private ByteSize() {
    }

    public static String describe(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0) {
            return bytes + " " + UNITS[0];
        }
        String number = value == Math.rint(value) ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + UNITS[unit];
    }
}

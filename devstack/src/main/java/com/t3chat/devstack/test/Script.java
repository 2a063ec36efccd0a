package com.t3chat.devstack.test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a model name asks the {@link ProviderSimulator} to do: options separated by {@code -} (or {@code :}, so an
 * Ollama tag such as {@code :latest} is ignored), in any order, after any prefix; unknown parts are ignored.
 *
 * @param length          text tokens to send ({@code len<N>}, default 20)
 * @param tokensPerSecond pace ({@code rate<N>}, default 200)
 * @param firstTokenDelayMs wait before the first token ({@code first<N>ms})
 * @param status          an HTTP status to answer instead of a stream ({@code status<NNN>}), 0 for none
 * @param failAfter       tokens after which the stream fails ({@code fail<N>}), -1 for never
 * @param cutAfter        tokens after which the stream just ends ({@code cut<N>}), -1 for never
 * @param endless         text tokens until the client goes away ({@code endless})
 * @param think           reasoning tokens before the text ({@code think<N>})
 * @param flaky           how many first requests for this model name answer 429 ({@code flaky<N>})
 * @param markdown        the text is {@link MarkdownSample} (headings, a table, code, math, a link) instead of
 *                        {@code w1 w2 …}, and as long as it is ({@code markdown})
 */
record Script(int length, int tokensPerSecond, long firstTokenDelayMs, int status, int failAfter, int cutAfter,
        boolean endless, int think, int flaky, boolean markdown) {

    private static final Pattern OPTION = Pattern.compile("(len|rate|first|status|fail|cut|think|flaky)(\\d+)(?:ms)?");

    static Script parse(String model) {
        int length = 20;
        int rate = 200;
        long first = 0;
        int status = 0;
        int fail = -1;
        int cut = -1;
        boolean endless = false;
        int think = 0;
        int flaky = 0;
        boolean markdown = false;
        for (String option : model.split("[-:]")) {
            if (option.equals("endless")) {
                endless = true;
                continue;
            }
            if (option.equals("markdown")) {
                markdown = true;
                length = MarkdownSample.TOKENS.size();
                continue;
            }
            Matcher m = OPTION.matcher(option);
            if (!m.matches() || m.group(2).length() > 9) {
                continue;
            }
            int value = Integer.parseInt(m.group(2));
            switch (m.group(1)) {
                case "len" -> length = value;
                case "rate" -> rate = Math.max(1, value);
                case "first" -> first = value;
                case "status" -> status = value;
                case "fail" -> fail = value;
                case "cut" -> cut = value;
                case "think" -> think = value;
                case "flaky" -> flaky = value;
                default -> throw new IllegalStateException(option);
            }
        }
        return new Script(length, rate, first, status, fail, cut, endless, think, flaky, markdown);
    }
}

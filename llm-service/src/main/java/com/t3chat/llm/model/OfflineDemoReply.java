package com.t3chat.llm.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of an {@code offline/demo} reply, as tokens, decided by the last user message alone (the same message
 * always gives the same tokens).
 *
 * <p>The answer says plainly that no AI provider is configured and how to add one, quotes the question and gives
 * a few facts about it. A message that asks for a length — {@code "<N> words"} or {@code "<N> tokens"} anywhere in
 * it, e.g. "Write 300 words about Kafka" — gets exactly N tokens: the answer, cut or followed by sample sentences.
 * Either way the reply is cut at {@code maxTokens} (then {@link #truncated()} is true).
 *
 * <p>Tokens are words with the whitespace before them; a word longer than eight characters is split into pieces
 * of at most eight, as sub-word tokenizers do.
 */
public record OfflineDemoReply(List<String> tokens, boolean truncated) {

    private static final Pattern TOKEN = Pattern.compile("\\s*\\S{1,8}");
    private static final Pattern LENGTH_REQUEST = Pattern.compile("(\\d{1,6})\\s*(words?|tokens?)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final int QUOTE_LIMIT = 280;
    private static final Set<String> REQUEST_VERBS = Set.of("write", "explain", "give", "list", "make", "create",
            "tell", "show", "summarize", "summarise", "translate", "describe", "compare", "draft", "generate", "reply",
            "please", "help", "find", "fix");
    private static final String[] SAMPLE_WORDS = {"stream", "token", "reply", "model", "offline", "demo", "chat",
            "message", "delta", "answer", "sample", "text", "words", "flows", "steady", "pace", "events", "order",
            "the", "a", "of", "and", "to", "in", "keeps", "shows", "each", "every", "small", "piece"};

    public OfflineDemoReply {
        tokens = List.copyOf(tokens);
    }

    /**
     * @param question  the last user message (null or blank: the user wrote nothing)
     * @param maxTokens the longest reply allowed
     */
    public static OfflineDemoReply answer(String question, int maxTokens) {
        String asked = question == null ? "" : question.strip();
        List<String> tokens = tokenize(standardAnswer(asked));
        Integer requested = requestedLength(asked);
        if (requested != null) {
            if (requested < tokens.size()) {
                tokens = new ArrayList<>(tokens.subList(0, requested));
            } else {
                appendSample(tokens, requested - tokens.size(), new Random(asked.hashCode()));
            }
        }
        if (tokens.size() > maxTokens) {
            return new OfflineDemoReply(tokens.subList(0, Math.max(0, maxTokens)), true);
        }
        return new OfflineDemoReply(tokens, false);
    }

    /** The whole text of the reply. */
    public String text() {
        return String.join("", tokens);
    }

    /** The length asked for in the message ({@code "<N> words"} or {@code "<N> tokens"}), or null. */
    static Integer requestedLength(String message) {
        Matcher m = LENGTH_REQUEST.matcher(message);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    private static String standardAnswer(String asked) {
        var text = new StringBuilder();
        text.append("**No AI provider is configured**, so this reply comes from the built-in offline demo model "
                + "(`offline/demo`). It cannot really understand your message, but it shows how answers stream.\n\n");
        if (asked.isEmpty()) {
            text.append("Your message was empty.\n\n");
        } else {
            String quoted = asked.length() > QUOTE_LIMIT ? asked.substring(0, QUOTE_LIMIT) + "…" : asked;
            text.append("You asked:\n\n");
            for (String line : quoted.split("\\R")) {
                text.append("> ").append(line).append('\n');
            }
            text.append('\n');
        }
        long words = asked.isEmpty() ? 0 : asked.split("\\s+").length;
        text.append("A short, structured answer:\n\n");
        text.append(String.format(Locale.ROOT,
                "1. **Your message** is %s of %d words and %d characters (about %d tokens).\n", kind(asked), words,
                asked.length(), Tokens.estimate(asked)));
        text.append("2. **To get real answers**, give llm-service an AI provider's API key in its environment "
                + "(for example `OPENAI_API_KEY`) and restart it. Later you will also be able to store your own "
                + "key in the key vault.\n");
        text.append("3. **Then pick that provider's model** in the model menu; this chat and its history stay as "
                + "they are.");
        return text.toString().replace("\r", "");
    }

    private static String kind(String asked) {
        String firstWord = asked.split("\\W+", 2)[0].toLowerCase(Locale.ROOT);
        if (asked.endsWith("?")) {
            return "a question";
        }
        return REQUEST_VERBS.contains(firstWord) ? "a request" : "a statement";
    }

    private static void appendSample(List<String> tokens, int count, Random random) {
        for (int i = 0; i < count; i++) {
            String word = SAMPLE_WORDS[random.nextInt(SAMPLE_WORDS.length)];
            if (i % 60 == 0) {
                tokens.add("\n\n" + Character.toUpperCase(word.charAt(0)) + word.substring(1));
            } else if (i % 12 == 11) {
                tokens.add(" " + word + ".");
            } else {
                tokens.add(" " + word);
            }
        }
    }
}

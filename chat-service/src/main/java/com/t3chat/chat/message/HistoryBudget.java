package com.t3chat.chat.message;

import com.t3chat.contracts.chat.PromptMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * How much of a conversation a reply request carries, counted in bytes as it travels: each turn is measured as
 * the JSON the outbox stores and Kafka carries (UTF-8, escapes included), with the same mapper that writes the event.
 * Characters are the wrong unit: a Chinese character takes 3 bytes, an emoji 4, a control character 6.
 */
@Component
class HistoryBudget {

    private final JsonMapper json;
    private final int maxHistoryBytes;

    @Autowired
    HistoryBudget(JsonMapper json, MessageProperties properties) {
        this(json, properties.maxHistoryBytes());
    }

    HistoryBudget(JsonMapper json, int maxHistoryBytes) {
        this.json = json;
        this.maxHistoryBytes = maxHistoryBytes;
    }

    /** The bytes {@code text} takes inside a JSON document (without its quotes). */
    int encodedSize(String text) {
        return json.writeValueAsBytes(text).length - 2;
    }

    /**
     * The newest turns of {@code path} (oldest first) whose encoded size is within the budget. The newest turn is
     * always kept; if it alone is over the budget (only a message stored before sizes were counted in bytes can be),
     * its text is cut to fit.
     */
    List<PromptMessage> newestWithin(List<PromptMessage> path) {
        List<PromptMessage> kept = new ArrayList<>();
        long bytes = 0;
        for (int i = path.size() - 1; i >= 0; i--) {
            PromptMessage turn = path.get(i);
            bytes += size(turn);
            if (bytes > maxHistoryBytes) {
                if (kept.isEmpty()) {
                    kept.add(cutToFit(turn));
                }
                break;
            }
            kept.add(turn);
        }
        Collections.reverse(kept);
        return kept;
    }

    /** A turn's encoded size in the {@code history} array, with the comma that separates it from the next. */
    private int size(PromptMessage turn) {
        return json.writeValueAsBytes(turn).length + 1;
    }

    /** The turn with the longest start of its text (whole code points) that fits in the budget. */
    private PromptMessage cutToFit(PromptMessage turn) {
        String content = turn.content();
        int low = 0;
        int high = content.codePointCount(0, content.length());
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (size(withContent(turn, content, middle)) <= maxHistoryBytes) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return withContent(turn, content, low);
    }

    private static PromptMessage withContent(PromptMessage turn, String content, int codePoints) {
        return new PromptMessage(turn.role(), content.substring(0, content.offsetByCodePoints(0, codePoints)),
                turn.images());
    }
}

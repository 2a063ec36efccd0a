package com.t3chat.chat.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.t3chat.contracts.chat.PromptMessage;
import com.t3chat.contracts.chat.ReplyRequested;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class HistoryBudgetTest {

    /** The producer's max.request.size (platform-defaults.properties). */
    private static final int MAX_REQUEST_SIZE = 1_048_576;
    /** What a record adds around its value: key (a chat id), headers, record and batch overhead (generous). */
    private static final int RECORD_OVERHEAD = 1_024;
    private static final int MAX_HISTORY_BYTES = new MessageProperties("offline/demo", 100_000, 262_144, 524_288)
            .maxHistoryBytes();

    private final JsonMapper json = JsonMapper.builder().build();
    private final HistoryBudget budget = new HistoryBudget(json, MAX_HISTORY_BYTES);

    @Test
    void sizesAreTheBytesOfTheTextAsItTravelsInJson() {
        assertThat(budget.encodedSize("a")).isEqualTo(1);
        assertThat(budget.encodedSize("中")).isEqualTo(3);
        assertThat(budget.encodedSize("😀")).isEqualTo(4);
        assertThat(budget.encodedSize("\"")).isEqualTo(2);
        assertThat(budget.encodedSize("\u0001")).isEqualTo(6);
    }

    @Test
    void aChineseChatUnderTheOldCharacterBudgetButOverAMebibyteStillFitsInOneRecord() {
        // 390,000 characters (the old budget was 400,000) = 1.17 MB in UTF-8
        List<PromptMessage> path = conversation("中文对话测试", 390_000, 5);
        assertThat(path.stream().mapToLong(turn -> budget.encodedSize(turn.content())).sum())
                .isGreaterThan(MAX_REQUEST_SIZE);

        List<PromptMessage> history = budget.newestWithin(path);

        assertThat(history).isNotEmpty().hasSizeLessThan(path.size());
        assertThat(history.getLast()).isEqualTo(path.getLast());
        assertThat(history).isEqualTo(path.subList(path.size() - history.size(), path.size()));
        assertFitsInOneRecord(history);
    }

    @Test
    void aLongChatOfEmojiFitsInOneRecord() {
        List<PromptMessage> path = conversation("😀🎉👍🏽", 2_000_000, 40);

        List<PromptMessage> history = budget.newestWithin(path);

        assertThat(history.getLast()).isEqualTo(path.getLast());
        assertFitsInOneRecord(history);
    }

    @Test
    void aNewestTurnOverTheBudgetOnItsOwnIsCutToFitOnACodePointBoundary() {
        // stored before sizes were counted in bytes: 300,000 emoji = 1.2 MB, and control characters (6 bytes each)
        String emoji = "😀".repeat(300_000);
        List<PromptMessage> history = budget.newestWithin(List.of(
                new PromptMessage(PromptMessage.USER, "older"), new PromptMessage(PromptMessage.USER, emoji)));

        assertThat(history).singleElement().satisfies(turn -> {
            assertThat(emoji).startsWith(turn.content());
            assertThat(Character.isHighSurrogate(turn.content().charAt(turn.content().length() - 1))).isFalse();
            assertThat(turn.content().length()).isGreaterThan(200_000);
        });
        assertFitsInOneRecord(history);
        assertFitsInOneRecord(budget.newestWithin(List.of(
                new PromptMessage(PromptMessage.USER, "\u0001".repeat(100_000)))));
    }

    @Test
    void aMessageThatCouldNotFitItsOwnRequestIsAConfigurationError() {
        assertThatThrownBy(() -> new MessageProperties("offline/demo", 100_000, 600_000, 524_288))
                .hasMessageContaining("max-content-bytes");
    }

    /** {@code chars} characters of {@code sample} split into {@code turns} turns, user and assistant in turn. */
    private static List<PromptMessage> conversation(String sample, int chars, int turns) {
        List<PromptMessage> path = new ArrayList<>();
        String all = sample.repeat(chars / sample.length() + 1).substring(0, chars);
        int each = chars / turns;
        for (int i = 0; i < turns; i++) {
            String role = i % 2 == 0 ? PromptMessage.USER : PromptMessage.ASSISTANT;
            int start = i * each;
            int end = i == turns - 1 ? chars : start + each;
            // never split a surrogate pair
            if (start > 0 && Character.isLowSurrogate(all.charAt(start))) {
                start++;
            }
            if (end < chars && Character.isLowSurrogate(all.charAt(end))) {
                end++;
            }
            path.add(new PromptMessage(role, all.substring(start, end)));
        }
        return path;
    }

    private void assertFitsInOneRecord(List<PromptMessage> history) {
        long historyBytes = history.stream().mapToLong(turn -> json.writeValueAsBytes(turn).length + 1).sum();
        assertThat(historyBytes).isLessThanOrEqualTo(MAX_HISTORY_BYTES);
        var request = new ReplyRequested(UUID.randomUUID(), Instant.now(), UUID.randomUUID(),
                "f".repeat(255), UUID.randomUUID(), UUID.randomUUID(), "openrouter/" + "m".repeat(160), history,
                "anthropic/" + "c".repeat(160));
        assertThat(json.writeValueAsBytes(request).length).isLessThan(MAX_REQUEST_SIZE - RECORD_OVERHEAD);
    }
}

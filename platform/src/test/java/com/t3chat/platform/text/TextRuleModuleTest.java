package com.t3chat.platform.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TextRuleModuleTest {

    private final JsonMapper checked = JsonMapper.builder().addModule(new TextRuleModule()).build();

    record Item(String name, List<String> tags) {
    }

    record Order(String note, List<Item> items, Map<String, String> labels) {
    }

    private String refusedField(String json, Class<?> type) {
        var thrown = catchThrowableOfType(UnacceptableTextException.class,
                () -> checked.readValue(json, type));
        assertThat(thrown).as("refused: " + json).isNotNull();
        return thrown.field();
    }

    @Test
    void theRefusedFieldIsNamedByItsPath() {
        assertThat(refusedField("{\"note\":\"\\u0000\"}", Order.class)).isEqualTo("note");
        assertThat(refusedField("{\"items\":[{\"name\":\"ok\"},{\"name\":\"\\u0001\"}]}", Order.class))
                .isEqualTo("items[1].name");
        assertThat(refusedField("{\"items\":[{\"tags\":[\"a\",\"\\u007f\"]}]}", Order.class))
                .isEqualTo("items[0].tags[1]");
        assertThat(refusedField("{\"labels\":{\"k\":\"\\ud800\"}}", Order.class)).isEqualTo("labels.k");
        assertThat(refusedField("{\"a\":{\"b\":[\"\\u0000\"]}}", JsonNode.class)).isEqualTo("a.b[0]");
        assertThat(refusedField("\"\\u0000\"", String.class)).isEmpty();
    }

    @Test
    void acceptedTextIsReadAsJacksonReadsIt() {
        Order order = checked.readValue("{\"note\":\"東京 😀\\n\\t\",\"items\":[{\"name\":\"x\",\"tags\":[]}],"
                + "\"labels\":{\"k\":\"v\"}}", Order.class);
        assertThat(order.note()).isEqualTo("東京 😀\n\t");
        assertThat(order.items()).containsExactly(new Item("x", List.of()));
        assertThat(checked.readValue("{\"note\":null}", Order.class).note()).isNull();
        assertThat(checked.readValue("{\"note\":5}", Order.class).note()).isEqualTo("5");
    }

    @Test
    void withoutTheModuleTheSameJsonIsRead() {
        assertThatThrownBy(() -> checked.readValue("{\"note\":\"\\u0000\"}", Order.class))
                .isInstanceOf(UnacceptableTextException.class)
                .hasMessageContaining("U+0000 at position 0");
        assertThat(JsonMapper.builder().build().readValue("{\"note\":\"\\u0000\"}", Order.class).note())
                .isEqualTo("\u0000");
    }
}

package com.t3chat.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void everyTopicFollowsTheOwnerAggregateVersionConvention() throws Exception {
        var topics = Arrays.stream(Topics.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && !f.getName().equals("DEAD_LETTER_SUFFIX"))
                .map(f -> {
                    try {
                        return (String) f.get(null);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();

        assertThat(topics).isNotEmpty().allMatch(t -> t.matches("[a-z]+\\.[a-z]+\\.v[1-9][0-9]*"));
    }
}

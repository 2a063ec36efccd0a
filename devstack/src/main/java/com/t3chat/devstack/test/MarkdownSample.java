package com.t3chat.devstack.test;

import java.util.List;

/**
 * The answer of a simulated model asked for {@code markdown}: what a real model's answer looks like (a heading,
 * emphasis, a link, a list, a table, a code block, inline and display math), streamed a word at a time so that a
 * reader sees unfinished blocks (an open code fence, half a table) on the way.
 */
final class MarkdownSample {

    static final String TEXT = """
            ## Binary search in TypeScript

            Binary search finds an item in a **sorted** array in $O(\\log n)$ steps — see \
            [the Wikipedia article](https://en.wikipedia.org/wiki/Binary_search_algorithm).

            - halve the range each step
            - compare with the middle element
            - stop when the range is empty

            ```typescript
            function binarySearch(items: number[], target: number): number {
              let low = 0;
              let high = items.length - 1;
              while (low <= high) {
                const mid = (low + high) >>> 1;
                if (items[mid] === target) return mid;
                if (items[mid] < target) low = mid + 1;
                else high = mid - 1;
              }
              return -1;
            }
            ```

            | n | steps at most |
            |---:|---:|
            | 1 000 | 10 |
            | 1 000 000 | 20 |

            The number of steps is

            $$
            \\lceil \\log_2 (n + 1) \\rceil
            $$

            > Sorted input is the one requirement.
            """;

    /** The text cut after each run of whitespace: every token but the first starts where the previous ended. */
    static final List<String> TOKENS = List.of(TEXT.split("(?<=\\s)(?=\\S)"));

    private MarkdownSample() {
    }
}

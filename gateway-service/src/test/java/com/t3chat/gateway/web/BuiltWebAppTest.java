package com.t3chat.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The gateway's classpath carries the real build of the web app (the {@code web} module's jar). */
class BuiltWebAppTest {

    @Test
    void theBuiltAppIsOnTheClasspathWithEveryAssetItsPageNamesAndNoInlineScript() throws IOException {
        String index = read("t3chat-web/index.html");
        assertThat(index).contains("<div id=\"root\"");

        Matcher references = Pattern.compile("(?:src|href)=\"/(assets/[^\"]+)\"").matcher(index);
        List<String> assets = references.results().map(match -> match.group(1)).toList();
        assertThat(assets).isNotEmpty().anyMatch(asset -> asset.endsWith(".js"));
        for (String asset : assets) {
            assertThat(getClass().getClassLoader().getResource("t3chat-web/" + asset)).as(asset).isNotNull();
        }
        // the Content-Security-Policy allows no inline script: every <script> loads a file
        assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>").matcher(index).find()).isFalse();
    }

    private String read(String name) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name + " on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

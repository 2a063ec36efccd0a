package com.t3chat.attachment.mediatype;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.attachment.SampleFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;

/** Detection with the allow-list of config-repo/attachment-service.yml. */
class MediaTypeDetectorTest {

    private static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private final MediaTypeDetector detector = new MediaTypeDetector(configured());

    @TempDir
    Path dir;

    @Test
    void eachAllowedKindIsRecognisedByItsContent() throws IOException {
        assertDetected(SampleFiles.pdf(), "anything.bin", "application/pdf", true);
        assertDetected(SampleFiles.png(), "photo", "image/png", true);
        assertDetected(SampleFiles.jpeg(), "photo.png", "image/jpeg", true);
        assertDetected(SampleFiles.gif(), "x", "image/gif", true);
        assertDetected(SampleFiles.webp(), "x.jpg", "image/webp", true);
        assertDetected(SampleFiles.docx(), "minutes.zip", DOCX, true);
        assertDetected(SampleFiles.text("Just some words.\n"), "notes", "text/plain", true);
    }

    @Test
    void plainTextIsNamedByItsExtensionAmongAllowedTextTypes() throws IOException {
        assertDetected(SampleFiles.text("# Title\n\nSome *markdown*.\n"), "README.md", "text/markdown", true);
        assertDetected(SampleFiles.text("a,b\n1,2\n"), "data.csv", "text/csv", true);
        assertDetected(SampleFiles.text("{\"a\": [1, 2]}"), "data.json", "application/json", true);
        assertDetected(SampleFiles.text("public class A {}\n"), "A.java", "text/x-java-source", true);
        assertDetected(SampleFiles.text("#!/usr/bin/env python3\nprint('hi')\n"), "run.py", "text/x-python", true);
        assertDetected(SampleFiles.text("#!/bin/sh\necho hi\n"), "run", "application/x-sh", true);
        // Tika names .rs (Rust) something else entirely, and knows no .ts: they stay plain text
        assertDetected(SampleFiles.text("fn main() {}\n"), "main.rs", "text/plain", true);
        assertDetected(SampleFiles.text("const a: number = 1;\n"), "a.ts", "text/plain", true);
        // a name cannot make text into what the allow-list refuses: it stays plain text
        assertDetected(SampleFiles.text("just a fragment"), "page.html", "text/plain", true);
    }

    @Test
    void theContentDecidesNotTheName() throws IOException {
        assertDetected(SampleFiles.html(), "report.pdf", "text/html", false);
        assertDetected(SampleFiles.html(), "notes.txt", "text/html", false);
        assertDetected(SampleFiles.svg(), "logo.png", "image/svg+xml", false);
        assertDetected(SampleFiles.text("%PDF-1.4 not really"), "a.txt", "application/pdf", true);
    }

    @Test
    void otherFilesAreRefusedNamingWhatTheyAre() throws IOException {
        assertDetected(SampleFiles.zip(new String[][]{{"a.txt", "hello"}}), "a.docx", "application/zip", false);
        assertDetected(new byte[]{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, "a.txt",
                "application/x-elf", false);
        assertDetected(new byte[]{1, 2, 3, (byte) 200, 0, 5, 6, 7, 0, 0, 0, 9}, "a.txt",
                "application/octet-stream", false);
        // other office containers are told apart too (and refused)
        assertDetected(SampleFiles.zip(new String[][]{{"[Content_Types].xml", """
                <?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" \
                ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"""},
                {"_rels/.rels", """
                <?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" \
                Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
                Target="xl/workbook.xml"/></Relationships>"""}, {"xl/workbook.xml", "<workbook/>"}}),
                "sheet.docx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false);
        byte[] ole2 = new byte[512];
        System.arraycopy(new byte[]{(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
                (byte) 0xE1}, 0, ole2, 0, 8);
        assertThat(detector.detect(write(ole2), "old.doc").allowed()).isFalse();
    }

    @Test
    void textTypesAreTheTextFamily() {
        assertThat(detector.isText("text/markdown")).isTrue();
        assertThat(detector.isText("application/json")).isTrue();
        assertThat(detector.isText("application/x-sh")).isTrue();
        assertThat(detector.isText("application/pdf")).isFalse();
        assertThat(detector.isText("image/png")).isFalse();
    }

    @Test
    void everyConfiguredTypeIsOneTikaKnows() {
        var registry = MimeTypes.getDefaultMimeTypes().getMediaTypeRegistry();
        assertThat(configured().allowedTypes())
                .allSatisfy(type -> assertThat(registry.getTypes()).contains(MediaType.parse(type)));
    }

    private void assertDetected(byte[] content, String name, String type, boolean allowed) throws IOException {
        MediaTypeDetector.Detection detection = detector.detect(write(content), name);
        assertThat(detection.mediaType()).as(name + ": " + new String(content, 0, Math.min(20, content.length),
                StandardCharsets.ISO_8859_1)).isEqualTo(type);
        assertThat(detection.allowed()).as(type + " allowed").isEqualTo(allowed);
    }

    private Path write(byte[] content) throws IOException {
        return Files.write(Files.createTempFile(dir, "sample", ".bin"), content);
    }

    static MediaTypeProperties configured() {
        try {
            var environment = new StandardEnvironment();
            new YamlPropertySourceLoader().load("attachment-service",
                            new FileSystemResource("../config-repo/attachment-service.yml"))
                    .forEach(environment.getPropertySources()::addLast);
            return new Binder(ConfigurationPropertySources.get(environment))
                    .bind("t3chat.attachments", MediaTypeProperties.class).get();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

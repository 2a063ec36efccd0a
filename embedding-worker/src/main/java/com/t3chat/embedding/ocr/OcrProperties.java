package com.t3chat.embedding.ocr;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * OCR by the Tesseract command line, one child process per page (ADR 0020).
 *
 * @param command     the executable (on the PATH, or a full path)
 * @param language    Tesseract's language data to read with ({@code eng}: Debian's {@code tesseract-ocr-eng})
 * @param pageTimeout the most one page may take; the process is killed after it
 */
@Validated
@ConfigurationProperties("t3chat.ocr")
public record OcrProperties(@DefaultValue("tesseract") @NotBlank String command,
        @DefaultValue("eng") @NotBlank String language, @DefaultValue("60s") Duration pageTimeout) {
}

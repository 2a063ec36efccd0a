package com.t3chat.embedding.document;

/**
 * The text of one page.
 *
 * @param page the 1-based page number, or null for a file without pages (text, DOCX)
 * @param ocr  whether the text was read by OCR
 */
public record PageText(Integer page, String text, boolean ocr) {
}

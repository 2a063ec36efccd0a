package com.t3chat.embedding.document;

/** The kinds of file the pipeline reads, each by its own extractor. */
public enum FileKind {
    PDF, DOCX, TEXT, IMAGE
}

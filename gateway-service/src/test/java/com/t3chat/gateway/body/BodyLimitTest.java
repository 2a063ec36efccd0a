package com.t3chat.gateway.body;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.util.unit.DataSize;

class BodyLimitTest {

    @Test
    void anUploadMayCarryTheFileAndItsEnvelopeAndTheRefusalNamesTheFileLimit() {
        var upload = BodyLimit.ofUpload(DataSize.ofMegabytes(25), DataSize.ofKilobytes(64),
                RequestBodyLimitFilter.FILE_TOO_LARGE);
        assertThat(upload.bytes()).isEqualTo(25L * 1024 * 1024 + 64 * 1024);

        var problem = upload.exceeded();
        assertThat(problem.getStatusCode().value()).isEqualTo(413);
        assertThat(problem.getBody().getType()).isEqualTo(RequestBodyLimitFilter.FILE_TOO_LARGE);
        assertThat(problem.getBody().getProperties()).containsEntry("limitBytes", 25L * 1024 * 1024);
        assertThat(problem.getBody().getDetail()).contains("25 MB");
        assertThat(problem.getHeaders().getFirst(HttpHeaders.CONNECTION)).isEqualTo("close");
    }

    @Test
    void limitsReadAsPeopleWriteThem() {
        assertThat(BodyLimit.readable(DataSize.ofMegabytes(1))).isEqualTo("1 MB");
        assertThat(BodyLimit.readable(DataSize.ofKilobytes(1536))).isEqualTo("1536 KB");
        assertThat(BodyLimit.readable(DataSize.ofBytes(1000))).isEqualTo("1000 bytes");
        assertThat(BodyLimit.ofRequest(DataSize.ofMegabytes(1), RequestBodyLimitFilter.PAYLOAD_TOO_LARGE).exceeded()
                .getBody().getDetail()).isEqualTo("The request body is larger than 1 MB, the most this request may carry.");
    }
}

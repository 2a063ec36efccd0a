package com.t3chat.devstack.test;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedObjectStoreIT {

    @Test
    void signedPutAndGet() throws Exception {
        TestInfra infra = TestInfra.shared();
        MinioClient client = MinioClient.builder()
                .endpoint(infra.s3Endpoint())
                .credentials(infra.s3AccessKey(), infra.s3SecretKey())
                .region("us-east-1")
                .build();
        byte[] content = "hello from devstack".getBytes(StandardCharsets.UTF_8);

        client.makeBucket(MakeBucketArgs.builder().bucket("devstack-it").build());
        assertThat(client.bucketExists(BucketExistsArgs.builder().bucket("devstack-it").build())).isTrue();
        client.putObject(PutObjectArgs.builder().bucket("devstack-it").object("greeting.txt")
                .stream(new ByteArrayInputStream(content), content.length, -1).contentType("text/plain").build());
        try (GetObjectResponse object = client.getObject(
                GetObjectArgs.builder().bucket("devstack-it").object("greeting.txt").build())) {
            assertThat(object.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void wrongSecretIsRefused() {
        TestInfra infra = TestInfra.shared();
        MinioClient client = MinioClient.builder()
                .endpoint(infra.s3Endpoint())
                .credentials(infra.s3AccessKey(), "not-the-secret")
                .region("us-east-1")
                .build();
        assertThatThrownBy(() -> client.bucketExists(BucketExistsArgs.builder().bucket("anything").build()))
                .isInstanceOf(ErrorResponseException.class);
    }
}

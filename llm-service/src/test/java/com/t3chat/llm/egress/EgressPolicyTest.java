package com.t3chat.llm.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EgressPolicyTest {

    private final EgressPolicy userUrls = EgressPolicy.forUserUrls(List.of());

    @ParameterizedTest
    @ValueSource(strings = {"https://api.openai.com/v1", "http://example.com:8080/v1", "https://8.8.8.8/v1",
            "https://[2606:4700::1111]/v1", "HTTPS://Api.Example.COM/v1"})
    void acceptsPublicHttpAndHttpsUrls(String url) {
        assertThat(userUrls.check(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/", "file:///etc/passwd", "gopher://example.com/", "//example.com/v1",
            "jar:http://example.com/x!/y", "example.com/v1"})
    void refusesOtherSchemes(String url) {
        assertThat(userUrls.check(url)).hasValue("only http and https URLs are allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://user:pw@example.com/", "https://user@example.com/", "http://user:pw@127.1/"})
    void refusesUserInfo(String url) {
        assertThat(userUrls.check(url)).hasValue("a user name or password in the URL is not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http:///v1", "http://127.1/", "http://0x7f.1/", "http://a_b.example/", "https:/v1"})
    void refusesUrlsWithoutAValidHost(String url) {
        assertThat(userUrls.check(url)).hasValue("the URL has no valid host name");
    }

    @Test
    void refusesWhatIsNotAUrlOrHasABadPort() {
        assertThat(userUrls.check("http://exa mple.com/")).hasValue("it is not a valid URL");
        assertThat(userUrls.check("http://example.com:99999/")).hasValue("the port is out of range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "http://0.0.0.0:8080/", "http://10.0.0.1/", "http://172.16.5.5/",
            "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/",
            "http://[::1]/", "http://[::]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/",
            "http://[::127.0.0.1]/", "http://[fe80::1]/", "http://[fe80::1%25eth0]/", "http://[fd00::1]/",
            "http://[64:ff9b::a00:1]/", "http://[2002:7f00:1::]/", "http://224.0.0.1/", "http://255.255.255.255/"})
    void refusesLiteralAddressesInForbiddenRangesAtOnce(String url) {
        assertThat(userUrls.check(url)).hasValueSatisfying(reason -> assertThat(reason).startsWith("it is"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://2130706433/", "http://017.0.0.1/", "http://0177.0.0.1/", "http://1.2.3.4.5/",
            "http://0x7f000001/"})
    void refusesNumericHostsThatAreNotPlainDottedAddresses(String url) {
        assertThat(userUrls.check(url)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://metadata.google.internal/computeMetadata/v1/", "http://metadata.goog/",
            "http://METADATA.google.internal./", "http://localhost:11434/", "http://LocalHost./", "http://app.localhost/"})
    void refusesMetadataServicesAndThisMachineByName(String url) {
        assertThat(userUrls.check(url)).isPresent();
    }

    @Test
    void leavesOtherNamesToBeJudgedByTheirAddressesWhenConnecting() {
        assertThat(userUrls.check("http://ollama.internal.example:11434/")).isEmpty();
    }

    @Test
    void theAllowListLiftsTheRulesForExactlyThoseDestinations() {
        var policy = EgressPolicy.forUserUrls(List.of("127.0.0.1:11434", "LOCALHOST", "[::1]:8080"));

        assertThat(policy.check("http://127.0.0.1:11434/api")).isEmpty();
        assertThat(policy.check("http://127.0.0.1:11435/api")).isPresent();
        assertThat(policy.check("http://localhost:1234/")).isEmpty();
        assertThat(policy.check("https://localhost/")).isEmpty();
        assertThat(policy.check("http://[::1]:8080/")).isEmpty();
        assertThat(policy.check("http://[::1]:8081/")).isPresent();
        assertThat(policy.check("http://10.0.0.1:11434/")).isPresent();
        assertThat(policy.allowListed("127.0.0.1", 11434)).isTrue();
        assertThat(policy.allowListed("127.0.0.1", 80)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com", "example.com:abc", "example.com:0", "user@example.com", "[::1",
            " ", "[::1]x"})
    void refusesAllowListEntriesThatAreNotHostOrHostAndPort(String entry) {
        assertThatThrownBy(() -> EgressPolicy.forUserUrls(List.of(entry)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOperatorsEndpointsMayBeLocalButStillHttp() {
        var unrestricted = EgressPolicy.unrestricted();

        assertThat(unrestricted.enforced()).isFalse();
        assertThat(unrestricted.check("http://127.0.0.1:8080/v1")).isEmpty();
        assertThat(unrestricted.check("http://localhost:11434")).isEmpty();
        assertThat(unrestricted.check("ftp://127.0.0.1/")).isPresent();
    }
}

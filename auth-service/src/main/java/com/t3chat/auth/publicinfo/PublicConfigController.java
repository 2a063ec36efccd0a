package com.t3chat.auth.publicinfo;

import com.t3chat.auth.realm.RealmReconciler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the web app needs before anyone signs in: product name, an announcement banner, where to sign in (the
 * issuer browsers use and the web app's public client) and the largest file it may upload (so that it refuses a larger
 * one before sending it: the gateway's early 413 can reach a browser still sending as a dropped connection). No login
 * needed.
 */
@RestController
class PublicConfigController {

    private final BrandingProperties branding;
    private final String issuer;
    private final Attachments attachments;

    PublicConfigController(BrandingProperties branding,
                           @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
                           @Value("${t3chat.attachments.max-file-size:25MB}") DataSize maxFileSize) {
        this.branding = branding;
        this.issuer = issuer;
        this.attachments = new Attachments(maxFileSize.toBytes());
    }

    @GetMapping("/api/public/config")
    PublicConfigResponse config() {
        return new PublicConfigResponse(branding.productName(), branding.announcement(),
                new SignIn(issuer, RealmReconciler.WEB_CLIENT_ID), attachments);
    }

    record PublicConfigResponse(String productName, String announcement, SignIn signIn, Attachments attachments) {
    }

    /** {@code t3chat.attachments.max-file-size} (config-repo/application.yml), as the gateway and attachment-service apply it. */
    record Attachments(long maxFileSizeBytes) {
    }

    /** OpenID Connect: the web app discovers the endpoints from {@code issuer}/.well-known/openid-configuration. */
    record SignIn(String issuer, String clientId) {
    }
}

package com.t3chat.auth.publicinfo;

import com.t3chat.auth.realm.RealmReconciler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the web app needs before anyone signs in: product name, an announcement banner, and where to sign in (the
 * issuer browsers use and the web app's public client). No login needed.
 */
@RestController
class PublicConfigController {

    private final BrandingProperties branding;
    private final String issuer;

    PublicConfigController(BrandingProperties branding,
                           @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer) {
        this.branding = branding;
        this.issuer = issuer;
    }

    @GetMapping("/api/public/config")
    PublicConfigResponse config() {
        return new PublicConfigResponse(branding.productName(), branding.announcement(),
                new SignIn(issuer, RealmReconciler.WEB_CLIENT_ID));
    }

    record PublicConfigResponse(String productName, String announcement, SignIn signIn) {
    }

    /** OpenID Connect: the web app discovers the endpoints from {@code issuer}/.well-known/openid-configuration. */
    record SignIn(String issuer, String clientId) {
    }
}

package com.t3chat.auth.publicinfo;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the web app shows before anyone signs in (product name, an announcement banner). No login needed. */
@RestController
class PublicConfigController {

    private final BrandingProperties branding;

    PublicConfigController(BrandingProperties branding) {
        this.branding = branding;
    }

    @GetMapping("/api/public/config")
    PublicConfigResponse config() {
        return new PublicConfigResponse(branding.productName(), branding.announcement());
    }

    record PublicConfigResponse(String productName, String announcement) {
    }
}

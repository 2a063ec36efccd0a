package com.t3chat.auth.me;

import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The caller: identity as the validated token states it, with the profile and preferences they chose. */
@RestController
class MeController {

    private final ProfileRepository profiles;
    private final ProfileService profileService;

    MeController(ProfileRepository profiles, ProfileService profileService) {
        this.profiles = profiles;
        this.profileService = profileService;
    }

    @GetMapping("/api/me")
    Mono<MeResponse> me(@AuthenticationPrincipal Jwt jwt) {
        return profiles.find(jwt.getSubject())
                .map(profile -> MeResponse.from(jwt, profile))
                .defaultIfEmpty(MeResponse.from(jwt, Profile.defaults(jwt.getSubject())));
    }

    @PatchMapping("/api/me")
    Mono<MeResponse> update(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody UpdateMeRequest change) {
        return profileService.update(jwt.getSubject(), change).map(profile -> MeResponse.from(jwt, profile));
    }
}

package com.t3chat.auth.register;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A sign-up from an API or mobile client. */
record RegisterRequest(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]{2,31}",
                message = "must be 3–32 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit")
        String username,
        @NotBlank @Email @Size(max = 254) String email,
        @NotBlank @Size(min = 8, max = 128) String password) {

    @Override
    public String toString() {
        return "RegisterRequest[username=" + username + ", email=" + email + ", password=(hidden)]";
    }
}

package com.t3chat.llm.provider;

/**
 * What a call to a provider is made with: the endpoint, the key (may be null for keyless providers), and whose
 * they are; {@code userUrl}: the base URL was chosen by a user. A user's base URL is reached only through the egress policy; a system key only ever goes to the
 * operator's endpoint. {@link #toString()} never shows the key.
 */
public record Credentials(ProviderId provider, String baseUrl, String apiKey, KeySource source, boolean userUrl) {

    /** Whose key answers a reply. */
    public enum KeySource {
        /** the user's own key (and maybe their own base URL): not charged against system budgets */
        OWN,
        /** the operator's key */
        SYSTEM;

        public String id() {
            return name().toLowerCase();
        }
    }

    @Override
    public String toString() {
        return "Credentials[" + provider.id() + ", " + baseUrl + ", key=" + (apiKey == null ? "none" : "(set)")
                + ", " + source + (userUrl ? ", user's URL" : "") + "]";
    }
}

package com.t3chat.devstack.cli;

import com.t3chat.devstack.keycloak.KeycloakTokens;
import com.t3chat.devstack.stack.StackStatus;

/** {@code token <user> [password]}: an access token for a local user (password defaults to the user's name). */
final class TokenCommand {

    private TokenCommand() {
    }

    static int run(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: token <user> [password]   (local users: alice, bob, admin)");
            return 2;
        }
        String user = args[1];
        String password = args.length > 2 ? args[2] : user;
        System.out.println(KeycloakTokens.passwordGrant(StackStatus.keycloakIssuer(), KeycloakTokens.CLI_CLIENT, user,
                password));
        return 0;
    }
}

package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.ArgDeclaration;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.KeyValue;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.source.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** DL3064: an ARG or ENV named like a credential (a known name, or containing {@code password}, {@code token}, ...). */
public final class Dl3064SensitiveNames extends DlRule {

    private static final Set<String> KNOWN = Set.of("ACCESS_TOKEN", "APPLICATION_KEY", "APP_SECRET", "AUTH_TOKEN",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "BITTREX_API_KEY", "BITTREX_API_SECRET", "CF_PASSWORD",
            "CF_USERNAME", "CIRCLE_TOKEN", "CI_DEPLOY_PASSWORD", "CI_DEPLOY_USER", "DOCKERHUB_PASSWORD", "DOCKER_EMAIL",
            "DOCKER_PASSWORD", "DOCKER_USERNAME", "FACEBOOK_ACCESS_TOKEN", "FACEBOOK_APP_ID", "FACEBOOK_APP_SECRET",
            "FIREBASE_API_TOKEN", "FIREBASE_TOKEN", "FOSSA_API_KEY", "GH_ENTERPRISE_TOKEN", "GH_TOKEN",
            "GITHUB_ENTERPRISE_TOKEN", "GITHUB_TOKEN", "HEROKU_API_KEY", "HEROKU_API_USER", "NPM_AUTH_TOKEN", "NPM_TOKEN",
            "OKTA_AUTHN_GROUPID", "OKTA_CLIENT_ORGURL", "OKTA_CLIENT_TOKEN", "OKTA_OAUTH2_CLIENTID",
            "OKTA_OAUTH2_CLIENTSECRET", "OPENAI_API_KEY", "OS_PASSWORD", "OS_USERNAME", "POSTGRES_PASSWORD",
            "SLACK_TOKEN", "STRIPE_API_KEY", "STRIPE_DEVICE_NAME", "TRAVIS_OS_NAME", "TRAVIS_SECURE_ENV_VARS",
            "TRAVIS_SUDO", "VAULT_CLIENT_KEY", "VAULT_TOKEN");
    private static final List<String> SUSPICIOUS = List.of("api_key", "client_key", "password", "private", "secret",
            "token", "username");

    public Dl3064SensitiveNames() {
        super("DL3064", Severity.WARNING, "Potentially sensitive data should not be used in the `ARG` or `ENV` commands");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Step s : file.steps(true)) {
            Instruction i = s.instruction();
            List<String> names = i instanceof Instruction.Arg a
                    ? a.declarations().stream().map(ArgDeclaration::name).toList()
                    : i instanceof Instruction.Env e ? e.variables().stream().map(KeyValue::key).toList() : List.of();
            for (String n : names) {
                String lower = n.toLowerCase(Locale.ROOT);
                if (KNOWN.contains(n.toUpperCase(Locale.ROOT)) || SUSPICIOUS.stream().anyMatch(lower::contains)) {
                    out.report(file.wordRange(i, n, 0, "="), message());
                }
            }
        }
    }
}

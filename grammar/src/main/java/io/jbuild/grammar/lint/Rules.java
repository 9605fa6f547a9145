package io.jbuild.grammar.lint;

import io.jbuild.grammar.lint.buildkit.ConsistentInstructionCasing;
import io.jbuild.grammar.lint.buildkit.CopyIgnoredFile;
import io.jbuild.grammar.lint.buildkit.DuplicateStageName;
import io.jbuild.grammar.lint.buildkit.ExposeInvalidFormat;
import io.jbuild.grammar.lint.buildkit.ExposeProtoCasing;
import io.jbuild.grammar.lint.buildkit.FromAsCasing;
import io.jbuild.grammar.lint.buildkit.FromPlatformFlagConstDisallowed;
import io.jbuild.grammar.lint.buildkit.InvalidDefaultArgInFrom;
import io.jbuild.grammar.lint.buildkit.InvalidDefinitionDescription;
import io.jbuild.grammar.lint.buildkit.JSONArgsRecommended;
import io.jbuild.grammar.lint.buildkit.LegacyKeyValueFormat;
import io.jbuild.grammar.lint.buildkit.MaintainerDeprecated;
import io.jbuild.grammar.lint.buildkit.MultipleInstructionsDisallowed;
import io.jbuild.grammar.lint.buildkit.NoEmptyContinuation;
import io.jbuild.grammar.lint.buildkit.RedundantTargetPlatform;
import io.jbuild.grammar.lint.buildkit.ReservedStageName;
import io.jbuild.grammar.lint.buildkit.SecretsUsedInArgOrEnv;
import io.jbuild.grammar.lint.buildkit.StageNameCasing;
import io.jbuild.grammar.lint.buildkit.UndefinedArgInFrom;
import io.jbuild.grammar.lint.buildkit.UndefinedVar;
import io.jbuild.grammar.lint.buildkit.WorkdirRelativePath;
import io.jbuild.grammar.lint.hadolint.Dl1001NoIgnorePragmas;
import io.jbuild.grammar.lint.hadolint.Dl3000AbsoluteWorkdir;
import io.jbuild.grammar.lint.hadolint.Dl3001UnusefulCommands;
import io.jbuild.grammar.lint.hadolint.Dl3002LastUserRoot;
import io.jbuild.grammar.lint.hadolint.Dl3003UseWorkdir;
import io.jbuild.grammar.lint.hadolint.Dl3004NoSudo;
import io.jbuild.grammar.lint.hadolint.Dl3006TagImage;
import io.jbuild.grammar.lint.hadolint.Dl3007NoLatest;
import io.jbuild.grammar.lint.hadolint.Dl3008AptGetPinVersions;
import io.jbuild.grammar.lint.hadolint.Dl3009AptListsCleanup;
import io.jbuild.grammar.lint.hadolint.Dl3010UseAddForArchives;
import io.jbuild.grammar.lint.hadolint.Dl3011ValidPorts;
import io.jbuild.grammar.lint.hadolint.Dl3012OneHealthcheck;
import io.jbuild.grammar.lint.hadolint.Dl3013PipPinVersions;
import io.jbuild.grammar.lint.hadolint.Dl3014AptGetYes;
import io.jbuild.grammar.lint.hadolint.Dl3015NoInstallRecommends;
import io.jbuild.grammar.lint.hadolint.Dl3016NpmPinVersions;
import io.jbuild.grammar.lint.hadolint.Dl3018ApkPinVersions;
import io.jbuild.grammar.lint.hadolint.Dl3019ApkNoCache;
import io.jbuild.grammar.lint.hadolint.Dl3020CopyNotAdd;
import io.jbuild.grammar.lint.hadolint.Dl3021CopyDestinationSlash;
import io.jbuild.grammar.lint.hadolint.Dl3022CopyFromKnownStage;
import io.jbuild.grammar.lint.hadolint.Dl3023CopyFromSelf;
import io.jbuild.grammar.lint.hadolint.Dl3024UniqueStageNames;
import io.jbuild.grammar.lint.hadolint.Dl3025JsonNotation;
import io.jbuild.grammar.lint.hadolint.Dl3026TrustedRegistries;
import io.jbuild.grammar.lint.hadolint.Dl3027NoApt;
import io.jbuild.grammar.lint.hadolint.Dl3028GemPinVersions;
import io.jbuild.grammar.lint.hadolint.Dl3029NoPlatformFlag;
import io.jbuild.grammar.lint.hadolint.Dl3030YumYes;
import io.jbuild.grammar.lint.hadolint.Dl3032YumClean;
import io.jbuild.grammar.lint.hadolint.Dl3033YumPinVersions;
import io.jbuild.grammar.lint.hadolint.Dl3034ZypperYes;
import io.jbuild.grammar.lint.hadolint.Dl3035ZypperDistUpgrade;
import io.jbuild.grammar.lint.hadolint.Dl3036ZypperClean;
import io.jbuild.grammar.lint.hadolint.Dl3037ZypperPinVersions;
import io.jbuild.grammar.lint.hadolint.Dl3038DnfYes;
import io.jbuild.grammar.lint.hadolint.Dl3040DnfClean;
import io.jbuild.grammar.lint.hadolint.Dl3041DnfPinVersions;
import io.jbuild.grammar.lint.hadolint.Dl3042PipNoCacheDir;
import io.jbuild.grammar.lint.hadolint.Dl3043OnbuildTriggers;
import io.jbuild.grammar.lint.hadolint.Dl3044EnvSelfReference;
import io.jbuild.grammar.lint.hadolint.Dl3045CopyRelativeDestination;
import io.jbuild.grammar.lint.hadolint.Dl3046UseraddLongUid;
import io.jbuild.grammar.lint.hadolint.Dl3047WgetProgress;
import io.jbuild.grammar.lint.hadolint.Dl3048LabelKeys;
import io.jbuild.grammar.lint.hadolint.Dl3049MissingLabels;
import io.jbuild.grammar.lint.hadolint.Dl3050SuperfluousLabels;
import io.jbuild.grammar.lint.hadolint.Dl3051LabelNotEmpty;
import io.jbuild.grammar.lint.hadolint.Dl3052LabelUrl;
import io.jbuild.grammar.lint.hadolint.Dl3053LabelRfc3339;
import io.jbuild.grammar.lint.hadolint.Dl3054LabelSpdx;
import io.jbuild.grammar.lint.hadolint.Dl3055LabelGitHash;
import io.jbuild.grammar.lint.hadolint.Dl3056LabelSemver;
import io.jbuild.grammar.lint.hadolint.Dl3057Healthcheck;
import io.jbuild.grammar.lint.hadolint.Dl3058LabelEmail;
import io.jbuild.grammar.lint.hadolint.Dl3059ConsolidateRuns;
import io.jbuild.grammar.lint.hadolint.Dl3060YarnCacheClean;
import io.jbuild.grammar.lint.hadolint.Dl3061InstructionOrder;
import io.jbuild.grammar.lint.hadolint.Dl3062GoPinVersions;
import io.jbuild.grammar.lint.hadolint.Dl3063ReservedStageName;
import io.jbuild.grammar.lint.hadolint.Dl3064SensitiveNames;
import io.jbuild.grammar.lint.hadolint.Dl3065RedundantTargetPlatform;
import io.jbuild.grammar.lint.hadolint.Dl3066NumericUser;
import io.jbuild.grammar.lint.hadolint.Dl3067CopyWholeFilesystem;
import io.jbuild.grammar.lint.hadolint.Dl4000MaintainerDeprecated;
import io.jbuild.grammar.lint.hadolint.Dl4001CurlOrWget;
import io.jbuild.grammar.lint.hadolint.Dl4003OneCmd;
import io.jbuild.grammar.lint.hadolint.Dl4004OneEntrypoint;
import io.jbuild.grammar.lint.hadolint.Dl4005UseShell;
import io.jbuild.grammar.lint.hadolint.Dl4006Pipefail;
import java.util.List;
import java.util.Optional;

/** The one list of rules: adding a rule is adding its class here. */
public final class Rules {

    private static final List<Rule> ALL = List.of(
            // BuildKit's build checks
            new StageNameCasing(),
            new FromAsCasing(),
            new NoEmptyContinuation(),
            new ConsistentInstructionCasing(),
            new DuplicateStageName(),
            new ReservedStageName(),
            new JSONArgsRecommended(),
            new MaintainerDeprecated(),
            new UndefinedArgInFrom(),
            new WorkdirRelativePath(),
            new UndefinedVar(),
            new MultipleInstructionsDisallowed(),
            new LegacyKeyValueFormat(),
            new RedundantTargetPlatform(),
            new SecretsUsedInArgOrEnv(),
            new InvalidDefaultArgInFrom(),
            new FromPlatformFlagConstDisallowed(),
            new CopyIgnoredFile(),
            new InvalidDefinitionDescription(),
            new ExposeProtoCasing(),
            new ExposeInvalidFormat(),
            // hadolint's rules
            new Dl1001NoIgnorePragmas(),
            new Dl3000AbsoluteWorkdir(),
            new Dl3001UnusefulCommands(),
            new Dl3002LastUserRoot(),
            new Dl3003UseWorkdir(),
            new Dl3004NoSudo(),
            new Dl3006TagImage(),
            new Dl3007NoLatest(),
            new Dl3008AptGetPinVersions(),
            new Dl3009AptListsCleanup(),
            new Dl3010UseAddForArchives(),
            new Dl3011ValidPorts(),
            new Dl3012OneHealthcheck(),
            new Dl3013PipPinVersions(),
            new Dl3014AptGetYes(),
            new Dl3015NoInstallRecommends(),
            new Dl3016NpmPinVersions(),
            new Dl3018ApkPinVersions(),
            new Dl3019ApkNoCache(),
            new Dl3020CopyNotAdd(),
            new Dl3021CopyDestinationSlash(),
            new Dl3022CopyFromKnownStage(),
            new Dl3023CopyFromSelf(),
            new Dl3024UniqueStageNames(),
            new Dl3025JsonNotation(),
            new Dl3026TrustedRegistries(),
            new Dl3027NoApt(),
            new Dl3028GemPinVersions(),
            new Dl3029NoPlatformFlag(),
            new Dl3030YumYes(),
            new Dl3032YumClean(),
            new Dl3033YumPinVersions(),
            new Dl3034ZypperYes(),
            new Dl3035ZypperDistUpgrade(),
            new Dl3036ZypperClean(),
            new Dl3037ZypperPinVersions(),
            new Dl3038DnfYes(),
            new Dl3040DnfClean(),
            new Dl3041DnfPinVersions(),
            new Dl3042PipNoCacheDir(),
            new Dl3043OnbuildTriggers(),
            new Dl3044EnvSelfReference(),
            new Dl3045CopyRelativeDestination(),
            new Dl3046UseraddLongUid(),
            new Dl3047WgetProgress(),
            new Dl3048LabelKeys(),
            new Dl3049MissingLabels(),
            new Dl3050SuperfluousLabels(),
            new Dl3051LabelNotEmpty(),
            new Dl3052LabelUrl(),
            new Dl3053LabelRfc3339(),
            new Dl3054LabelSpdx(),
            new Dl3055LabelGitHash(),
            new Dl3056LabelSemver(),
            new Dl3057Healthcheck(),
            new Dl3058LabelEmail(),
            new Dl3059ConsolidateRuns(),
            new Dl3060YarnCacheClean(),
            new Dl3061InstructionOrder(),
            new Dl3062GoPinVersions(),
            new Dl3063ReservedStageName(),
            new Dl3064SensitiveNames(),
            new Dl3065RedundantTargetPlatform(),
            new Dl3066NumericUser(),
            new Dl3067CopyWholeFilesystem(),
            new Dl4000MaintainerDeprecated(),
            new Dl4001CurlOrWget(),
            new Dl4003OneCmd(),
            new Dl4004OneEntrypoint(),
            new Dl4005UseShell(),
            new Dl4006Pipefail()
    );

    private Rules() {
    }

    public static List<Rule> all() {
        return ALL;
    }

    public static Optional<Rule> byId(String id) {
        return ALL.stream().filter(r -> r.info().id().equals(id)).findFirst();
    }
}

package io.ferry.migration.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ferry.migration.api.ErrorCode;
import io.ferry.migration.api.FerryException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on {@link FerryException}s: the code, and what the one-line message names. */
public final class Errors {

    private Errors() {
    }

    /** Asserts that the call fails with {@code code}, a one-line message holding every fragment, and a hint. */
    public static FerryException assertFails(ThrowingCallable call, ErrorCode code, String... fragments) {
        FerryException e = catchThrowableOfType(FerryException.class, call);
        assertThat(e).as("expected a FerryException with code %s", code).isNotNull();
        assertThat(e.code()).as("code of: %s", e.getMessage()).isEqualTo(code);
        assertThat(e.getMessage()).doesNotContain("\n");
        for (String fragment : fragments) {
            assertThat(e.getMessage()).contains(fragment);
        }
        assertThat(e.hint()).as("hint of: %s", e.getMessage()).isNotBlank();
        return e;
    }

    /**
     * As {@link #assertFails}, for a call already started on another thread: waits for it to end (a hang
     * turns into a failure after a few minutes) and asserts how it failed.
     */
    public static FerryException assertFailed(java.util.concurrent.CompletableFuture<?> call, ErrorCode code,
                                              String... fragments) throws Exception {
        Throwable thrown = call.handle((ok, failure) -> failure).get(3, java.util.concurrent.TimeUnit.MINUTES);
        assertThat(thrown).as("expected the call to fail with %s", code).isNotNull();
        return assertFails(() -> {
            throw thrown instanceof java.util.concurrent.CompletionException ? thrown.getCause() : thrown;
        }, code, fragments);
    }

    /** The remedy's actions, each as its kind and arguments: {@code DOWNGRADE base}, {@code SHOW_BRANCHES}. */
    public static java.util.List<String> actions(FerryException e) {
        return e.remedy().actions().stream()
                .map(a -> (a.kind().name() + " " + String.join(" ", a.arguments())).strip()).toList();
    }
}

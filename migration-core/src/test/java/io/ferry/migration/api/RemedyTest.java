package io.ferry.migration.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RemedyTest {

    @Test
    void aRemedyIsASentenceWithItsActionsNamed() {
        Remedy r = Remedy.of("wait for that run to finish, or raise ", MigrationRemedy.LOCK_WAIT,
                "; if it is stuck, end its session");
        assertThat(r.actions()).containsExactly(new Remedy.Action(MigrationRemedy.LOCK_WAIT, List.of()));
        assertThat(r.render(a -> "<" + a.kind().name() + ">"))
                .isEqualTo("wait for that run to finish, or raise <LOCK_WAIT>; if it is stuck, end its session");
        assertThat(r).hasToString("wait for that run to finish, or raise FerryConfiguration.lockWait(Duration);"
                + " if it is stuck, end its session");
    }

    @Test
    void actionsCarryTheirArguments() {
        Remedy r = Remedy.of("record where the database is with: ", MigrationRemedy.PURGE.with("a1", "b2"));
        assertThat(r.actions()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(MigrationRemedy.PURGE);
            assertThat(a.arguments()).containsExactly("a1", "b2");
        });
        assertThat(r).hasToString("record where the database is with: Ferry.stamp(List.of(\"a1\", \"b2\"), true)");
    }

    @Test
    void aRemedyJoinedToAnotherKeepsItsActions() {
        Remedy consequence = Remedy.of("so ", MigrationRemedy.SHOW_STATUS, " will not show it");
        Remedy r = Remedy.of("lift it; ", consequence).and("; or ", consequence);
        assertThat(r.actions()).extracting(Remedy.Action::kind)
                .containsExactly(MigrationRemedy.SHOW_STATUS, MigrationRemedy.SHOW_STATUS);
        assertThat(r.render(a -> "STATUS")).isEqualTo("lift it; so STATUS will not show it; or so STATUS will not show it");
    }

    @Test
    void plainTextIsARemedyWithoutActions() {
        assertThat(Remedy.text("check the log").actions()).isEmpty();
        assertThat(Remedy.text("check the log")).hasToString("check the log");
        assertThat(Remedy.text(null).isEmpty()).isTrue();
        assertThat(Remedy.text("").isEmpty()).isTrue();
        assertThatThrownBy(() -> Remedy.of("see ", 42)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theExceptionKeepsTheRemedyAndSaysItInLibraryTerms() {
        FerryException e = new FerryException(MigrationErrorCode.MIGRATION_LOCATION_MISSING, "no folder",
                Remedy.of("point Ferry at your migrations with ", MigrationRemedy.LOCATIONS));
        assertThat(e.remedy().actions()).extracting(Remedy.Action::kind).containsExactly(MigrationRemedy.LOCATIONS);
        assertThat(e.hint()).isEqualTo("point Ferry at your migrations with FerryConfiguration.locations(Path...)");
        FerryException plain = new FerryException(MigrationErrorCode.DATABASE_ERROR, "failed", "check the log");
        assertThat(plain.hint()).isEqualTo("check the log");
        assertThat(plain.remedy().actions()).isEmpty();
        assertThat(new FerryException(MigrationErrorCode.DATABASE_ERROR, "failed", (String) null).hint()).isEmpty();
    }

    @Test
    void everyKindHasLibraryWordsThatNameNoFlag() {
        for (MigrationRemedy kind : MigrationRemedy.values()) {
            for (List<String> args : List.of(List.<String>of(), List.of("x1"))) {
                String words = kind.inLibraryTerms(args);
                assertThat(words).as("%s %s", kind, args).isNotBlank().doesNotContainPattern("--[a-z]")
                        .doesNotContainPattern("\\bferry ");
            }
        }
    }
}

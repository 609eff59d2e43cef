package io.porthunter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessGuardTest {
  private static final long LIMIT = Settings.BYTES_PER_MB;
  private static final String TOKEN = "s3cret-token";

  @TempDir Path root;
  Path data;
  Path outside;
  AccessGuard guard;

  @BeforeEach
  void layout() throws Exception {
    data = Files.createDirectory(root.resolve("data"));
    outside = Files.createDirectory(root.resolve("outside"));
    Path sibling = Files.createDirectory(root.resolve("data2"));
    Files.writeString(data.resolve("a.pcap"), "x");
    Files.writeString(data.resolve("UPPER.PCAPNG"), "x");
    Files.writeString(data.resolve("zipped.Cap.GZ"), "x");
    Files.writeString(data.resolve("notes.txt"), "x");
    Files.writeString(data.resolve("a.pcap.zip"), "x");
    Files.createDirectories(data.resolve("sub"));
    Files.createDirectories(data.resolve("folder.pcap"));
    Files.writeString(sibling.resolve("x.pcap"), "x");
    Files.writeString(outside.resolve("secret.pcap"), "x");
    Files.createSymbolicLink(data.resolve("link.pcap"), outside.resolve("secret.pcap"));
    Files.createSymbolicLink(data.resolve("linkdir"), outside);
    Files.createSymbolicLink(data.resolve("inlink.pcap"), data.resolve("a.pcap"));
    Files.createSymbolicLink(data.resolve("dangling-out.pcap"), outside.resolve("gone.pcap"));
    Files.createSymbolicLink(data.resolve("dangling-in.pcap"), data.resolve("gone.pcap"));
    guard = guard(true);
  }

  private AccessGuard guard(boolean requireToken) throws Exception {
    return new AccessGuard(new Settings(TOKEN, requireToken, data.toRealPath(), LIMIT, false, 1, true));
  }

  private ErrorCode codeOf(ThrowingCall call) {
    ToolFailure f = catchThrowableOfType(ToolFailure.class, call::run);
    assertThat(f).as("expected a refusal").isNotNull();
    return f.code();
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  // ---- token ----

  @Test
  void theRightTokenPasses() {
    assertThatCode(() -> guard.checkToken(TOKEN)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "s3cret-toke", "s3cret-token2", "S3CRET-TOKEN", "wrong"})
  void aWrongTokenIsUnauthorized(String supplied) {
    assertThat(codeOf(() -> guard.checkToken(supplied))).isEqualTo(ErrorCode.UNAUTHORIZED);
  }

  @Test
  void aMissingTokenIsUnauthorized() {
    assertThat(codeOf(() -> guard.checkToken(null))).isEqualTo(ErrorCode.UNAUTHORIZED);
  }

  @Test
  void noTokenIsNeededWhenNotRequired() throws Exception {
    AccessGuard open = guard(false);
    assertThatCode(() -> open.checkToken(null)).doesNotThrowAnyException();
    assertThatCode(() -> open.checkToken("anything")).doesNotThrowAnyException();
  }

  // ---- path ----

  @Test
  void relativePathsResolveAgainstTheAllowedDir() throws Exception {
    assertThat(guard.authorise("a.pcap")).isEqualTo(data.resolve("a.pcap").toRealPath());
    assertThat(guard.authorise("sub/../a.pcap")).isEqualTo(data.resolve("a.pcap").toRealPath());
  }

  @Test
  void anAbsolutePathInsideIsAccepted() throws Exception {
    assertThat(guard.authorise(data.resolve("a.pcap").toString())).isEqualTo(data.resolve("a.pcap").toRealPath());
  }

  @Test
  void aSymlinkStayingInsideIsAcceptedAsItsTarget() throws Exception {
    assertThat(guard.authorise("inlink.pcap")).isEqualTo(data.resolve("a.pcap").toRealPath());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../outside/secret.pcap", "sub/../../outside/secret.pcap", "link.pcap",
      "linkdir/secret.pcap", "../data2/x.pcap", "linkdir/missing.pcap", "../outside/missing.pcap",
      "dangling-out.pcap", "../nodir/missing.pcap"})
  void pathsLeavingTheAllowedDirAreRefused(String path) {
    assertThat(codeOf(() -> guard.authorise(path))).isEqualTo(ErrorCode.PATH_OUTSIDE_ALLOWED_DIR);
  }

  @Test
  void absolutePathsElsewhereAndPrefixSiblingsAreRefused() {
    assertThat(codeOf(() -> guard.authorise(outside.resolve("secret.pcap").toString())))
        .isEqualTo(ErrorCode.PATH_OUTSIDE_ALLOWED_DIR);
    // "/…/data2" shares the string prefix "/…/data" but is not inside it
    assertThat(codeOf(() -> guard.authorise(root.resolve("data2/x.pcap").toString())))
        .isEqualTo(ErrorCode.PATH_OUTSIDE_ALLOWED_DIR);
    assertThat(codeOf(() -> guard.authorise("/etc/passwd"))).isEqualTo(ErrorCode.PATH_OUTSIDE_ALLOWED_DIR);
  }

  @Test
  void theProcessesOwnStreamsAreOutsideWhateverTheyAre() {
    // of a process reading a pipe, /proc/self/fd/0 names "pipe:[…]", which no path resolves
    assertThat(codeOf(() -> guard.authorise("/dev/stdin"))).isEqualTo(ErrorCode.PATH_OUTSIDE_ALLOWED_DIR);
    assertThat(codeOf(() -> guard.authorise("/proc/self/fd/0"))).isEqualTo(ErrorCode.PATH_OUTSIDE_ALLOWED_DIR);
  }

  @Test
  void aNameWithANewlineIsJudgedByItsExtensionLikeAnyOther() {
    assertThat(CaptureFiles.hasCaptureExtension(Path.of("two\nlines.pcap"))).isTrue();
    assertThat(CaptureFiles.hasCaptureExtension(Path.of("two\nlines.txt"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"missing.pcap", "sub/missing.pcap", "nodir/missing.pcap", "dangling-in.pcap"})
  void aMissingFileInsideIsNotFound(String path) {
    assertThat(codeOf(() -> guard.authorise(path))).isEqualTo(ErrorCode.FILE_NOT_FOUND);
  }

  @Test
  void anUnnameablePathIsAnInvalidArgument() {
    assertThat(codeOf(() -> guard.authorise("a\0.pcap"))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(codeOf(() -> guard.authorise(" "))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void aPathLongerThanAnyTheSystemOpensIsAnInvalidArgumentAtOnce() {
    // a missing path of half a million bytes took minutes to resolve, ancestor by ancestor
    String deep = "a/".repeat(250_000) + "x.pcap";
    assertThat(codeOf(() -> guard.authorise(deep))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    // counted in UTF-8 bytes: 1,366 three-byte characters are over the bound, 1,365 within it
    String wide = "\u20ac".repeat(AccessGuard.MAX_PATH_BYTES / 3 + 1);
    assertThat(codeOf(() -> guard.authorise(wide))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(codeOf(() -> guard.authorise(wide.substring(1)))).isEqualTo(ErrorCode.FILE_NOT_FOUND);
    String longest = "a/".repeat(AccessGuard.MAX_PATH_BYTES / 2 - 4) + "x.pcap";
    assertThat(longest.length()).isLessThanOrEqualTo(AccessGuard.MAX_PATH_BYTES);
    assertThat(codeOf(() -> guard.authorise(longest))).isEqualTo(ErrorCode.FILE_NOT_FOUND);
  }

  // ---- file type ----

  @ParameterizedTest
  @ValueSource(strings = {"a.pcap", "UPPER.PCAPNG", "zipped.Cap.GZ"})
  void captureExtensionsPassInAnyCase(String path) {
    assertThatCode(() -> guard.authorise(path)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"notes.txt", "a.pcap.zip", "folder.pcap"})
  void otherFilesAreUnsupported(String path) {
    assertThat(codeOf(() -> guard.authorise(path))).isEqualTo(ErrorCode.UNSUPPORTED_FILE_TYPE);
  }

  @Test
  void extensionRulesNeedARealSuffix() {
    assertThat(CaptureFiles.hasCaptureExtension(Path.of("pcap"))).isFalse();
    assertThat(CaptureFiles.hasCaptureExtension(Path.of(".pcap.gz.txt"))).isFalse();
    assertThat(CaptureFiles.hasCaptureExtension(Path.of("x.pcapng.gz"))).isTrue();
    assertThat(CaptureFiles.hasCaptureExtension(Path.of("x.pcap.zst"))).isTrue();
    assertThat(CaptureFiles.hasCaptureExtension(Path.of("x.zst"))).isFalse();
  }

  // ---- size ----

  @Test
  void aFileOverTheLimitIsRefusedFromItsSizeAlone() throws Exception {
    Path big = data.resolve("big.pcapng");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(LIMIT + 1); // sparse: nothing is written, nothing needs reading
    }
    assertThat(codeOf(() -> guard.authorise("big.pcapng"))).isEqualTo(ErrorCode.FILE_TOO_LARGE);
  }

  @Test
  void aFileExactlyAtTheLimitPasses() throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(data.resolve("edge.pcap").toFile(), "rw")) {
      f.setLength(LIMIT);
    }
    assertThatCode(() -> guard.authorise("edge.pcap")).doesNotThrowAnyException();
  }

  // ---- order ----

  @Test
  void checksRunInOrderPathThenTypeThenSize() throws Exception {
    Files.writeString(outside.resolve("notes.txt"), "x");
    assertThat(codeOf(() -> guard.authorise("../outside/notes.txt")))
        .isEqualTo(ErrorCode.PATH_OUTSIDE_ALLOWED_DIR);
    try (RandomAccessFile f = new RandomAccessFile(data.resolve("big.txt").toFile(), "rw")) {
      f.setLength(LIMIT + 1);
    }
    assertThat(codeOf(() -> guard.authorise("big.txt"))).isEqualTo(ErrorCode.UNSUPPORTED_FILE_TYPE);
  }

  // ---- local (command line) ----

  @Test
  void localChecksKeepTypeSizeAndExistence() throws Exception {
    assertThat(CaptureFiles.checkLocal(data.resolve("a.pcap").toString(), LIMIT)).exists();
    assertThat(codeOf(() -> CaptureFiles.checkLocal(data.resolve("nope.pcap").toString(), LIMIT)))
        .isEqualTo(ErrorCode.FILE_NOT_FOUND);
    assertThat(codeOf(() -> CaptureFiles.checkLocal(data.resolve("notes.txt").toString(), LIMIT)))
        .isEqualTo(ErrorCode.UNSUPPORTED_FILE_TYPE);
    assertThat(codeOf(() -> CaptureFiles.checkLocal(data.resolve("a.pcap").toString(), 0)))
        .isEqualTo(ErrorCode.FILE_TOO_LARGE);
  }
}

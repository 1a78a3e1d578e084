package org.trdrules.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.trdrules.ErrorCode;
import org.trdrules.TrdInputException;

/** Reading the input files of the CLI commands, with typed errors that name only the file. Stateless. */
final class InputFiles {
    private InputFiles() {}

    /** The file's name without its directories (what errors show). */
    static String name(Path f) {
        return f.getFileName() == null ? f.toString() : f.getFileName().toString();
    }

    /** The file as text, or a typed TRD-IO-001 naming the file (missing, a directory, unreadable, not UTF-8). */
    static String read(Path f) {
        String name = name(f);
        if (Files.isDirectory(f)) {
            throw new TrdInputException(ErrorCode.FILE_UNREADABLE, name, "is a directory", null);
        }
        if (!Files.exists(f)) {
            throw new TrdInputException(ErrorCode.FILE_UNREADABLE, name, "file not found", null);
        }
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new TrdInputException(ErrorCode.FILE_UNREADABLE, name, "not UTF-8 text", null);
        } catch (IOException | OutOfMemoryError e) {
            throw new TrdInputException(ErrorCode.FILE_UNREADABLE, name, "cannot be read", null);
        }
    }
}

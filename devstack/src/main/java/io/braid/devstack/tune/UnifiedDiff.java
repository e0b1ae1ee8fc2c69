package io.braid.devstack.tune;

import java.util.ArrayList;
import java.util.List;

/** A unified diff ({@code git apply} / {@code patch -p1}) of two versions of a small text file. */
public final class UnifiedDiff {
    /** Unchanged lines shown around each change. */
    public static final int CONTEXT = 3;

    private record Op(char kind, String line) {
    }

    private UnifiedDiff() {
    }

    /**
     * The diff of {@code before} and {@code after} of the file at {@code path} (relative to the repository
     * root); empty when they are equal. Both texts should end with a newline.
     */
    public static String of(String path, String before, String after) {
        if (before.equals(after)) {
            return "";
        }
        List<Op> ops = edits(lines(before), lines(after));
        StringBuilder out = new StringBuilder("--- a/" + path + "\n+++ b/" + path + "\n");
        int i = 0;
        while (i < ops.size()) {
            if (ops.get(i).kind() == ' ') {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;   // exclusive end of the hunk's last change
            int j = i;
            while (j < ops.size()) {
                if (ops.get(j).kind() != ' ') {
                    end = j + 1;
                    j++;
                } else if (j - end < 2 * CONTEXT) {
                    j++;
                } else {
                    break;
                }
            }
            int stop = Math.min(ops.size(), end + CONTEXT);
            int oldStart = 1 + countNot(ops, 0, start, '+');
            int newStart = 1 + countNot(ops, 0, start, '-');
            int oldLen = countNot(ops, start, stop, '+');
            int newLen = countNot(ops, start, stop, '-');
            out.append("@@ -").append(oldStart).append(',').append(oldLen)
                    .append(" +").append(newStart).append(',').append(newLen).append(" @@\n");
            for (int k = start; k < stop; k++) {
                out.append(ops.get(k).kind()).append(ops.get(k).line()).append('\n');
            }
            i = stop;
        }
        return out.toString();
    }

    /** Lines of {@code ops[from, to)} that are not of kind {@code kind}: the old file's lines skip '+'. */
    private static int countNot(List<Op> ops, int from, int to, char kind) {
        int n = 0;
        for (int k = from; k < to; k++) {
            n += ops.get(k).kind() == kind ? 0 : 1;
        }
        return n;
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** A shortest edit script by longest common subsequence (the files are a few dozen lines). */
    private static List<Op> edits(List<String> a, List<String> b) {
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Op> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                ops.add(new Op(' ', a.get(i++)));
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new Op('-', a.get(i++)));   // removals first: a replaced line reads '-' then '+'
            } else {
                ops.add(new Op('+', b.get(j++)));
            }
        }
        return ops;
    }
}

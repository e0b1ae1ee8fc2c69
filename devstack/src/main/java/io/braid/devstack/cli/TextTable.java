package io.braid.devstack.cli;

import java.util.ArrayList;
import java.util.List;

/** Rows of cells printed as left-aligned columns two spaces apart; the last column is not padded. */
final class TextTable {
    private final List<List<String>> rows = new ArrayList<>();

    /** Adds a row; null cells print as {@code -}. */
    TextTable row(List<String> cells) {
        rows.add(cells.stream().map(c -> c == null || c.isEmpty() ? "-" : c).toList());
        return this;
    }

    /** The table as lines, each prefixed with {@code indent}. */
    List<String> lines(String indent) {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                line.append(cell);
                if (c < row.size() - 1) {
                    line.append(" ".repeat(width[c] - cell.length() + 2));
                }
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}

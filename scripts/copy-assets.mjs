// Copies the files the compiled code reads at run time (the report's templates) into dist/.
import { cpSync } from 'node:fs';

cpSync('src/report/templates', 'dist/report/templates', { recursive: true });

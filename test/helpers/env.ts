import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Environment for a child process that must never walk the AWS default credential chain to
 * the instance metadata service: empty config files and the metadata service disabled.
 */
export async function isolatedAwsEnv(dir: string): Promise<Record<string, string>> {
  const empty = path.join(dir, 'aws-empty');
  await writeFile(empty, '');
  return {
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: empty,
    AWS_SHARED_CREDENTIALS_FILE: empty,
  };
}

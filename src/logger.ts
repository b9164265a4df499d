import pino, { type Logger } from 'pino';

/**
 * JSON logs on stdout. Secrets are never passed to the logger; the redaction list is a second
 * line of defence should a header or credential object ever be logged by mistake.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'vbm365-graphql' },
      redact: {
        paths: [
          'authorization',
          '*.authorization',
          'headers.authorization',
          '*.headers.authorization',
          'password',
          '*.password',
          'refreshToken',
          '*.refreshToken',
          'refresh_token',
          '*.refresh_token',
          'access_token',
          '*.access_token',
          'variables',
          '*.variables',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

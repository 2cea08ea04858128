/** Every demo user's password: printed in the README, so refused everywhere but the demo (see password-rules.ts). */
export const DEMO_PASSWORD = 'demo-password-2026';

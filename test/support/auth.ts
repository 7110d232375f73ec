/**
 * How a test authenticates as a demo user over HTTP. Every end-to-end test goes through here, so
 * the way staff sign in can change in one place.
 */
export function staffBearer(userId: string): string {
  return `Bearer demo-${userId}`;
}

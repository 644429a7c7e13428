/** Where a chat command came from and where its results go back to. */
export interface ChatTarget {
  platform: string;
  channel: string;
  thread?: string;
  user?: string;
}

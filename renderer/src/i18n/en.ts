import type { Messages } from './fr';

export const en: Messages = {
  app: {
    name: 'MSSanté Mail',
    skipToContent: 'Skip to content',
  },
  header: {
    activeMailbox: 'Active mailbox',
    noMailbox: 'No mailbox',
    notLoggedIn: 'Not signed in',
    login: 'Sign in',
    language: 'Language',
    online: 'Online',
    offlineSince: 'Offline since {{time}}',
    shortcuts: 'Keyboard shortcuts',
    settings: 'Settings',
  },
  sidebar: {
    title: 'Mailboxes',
    empty: {
      title: 'No mailbox yet',
      body: 'Add your MSSanté mailbox address: the app finds your operator’s settings by itself.',
      action: 'Add a mailbox',
    },
    folders: 'Folders',
    unifiedInbox: 'All inboxes',
    unread_one: '{{count}} unread',
    unread_other: '{{count}} unread',
  },
  balType: { PER: 'Personal', ORG: 'Organisational', APP: 'Application', CAB: 'Practice' },
  role: { titulaire: 'Owner', cotitulaire: 'Co-holder', 'délégataire': 'Delegate' },
  list: {
    title: 'Messages',
    searchPlaceholder: 'Search (subject, correspondent, content)',
    searchLabel: 'Search messages',
    empty: {
      title: 'No message to show',
      body: 'Choose a mailbox and a folder to see its messages.',
    },
  },
  reader: {
    title: 'Reading',
    empty: {
      title: 'No message selected',
      body: 'Select a message in the list to read it here.',
    },
  },
  shortcuts: {
    title: 'Keyboard shortcuts',
    close: 'Close',
    nextPane: 'Go to the next pane',
    prevPane: 'Go back to the previous pane',
    search: 'Search',
    switchBal: 'Switch mailbox (1 to 9)',
    unified: 'All inboxes',
    nextPrev: 'Next / previous message',
    thread: 'Expand / collapse a conversation (Conversations view)',
    open: 'Open the message',
    toggleRead: 'Mark read / unread',
    toggleFlag: 'Flag / unflag',
    delete: 'Delete',
    compose: 'New message',
    reply: 'Reply / reply all',
    forward: 'Forward / forward as attachment',
    send: 'Send (in the composer)',
    saveDraft: 'Save the draft',
    help: 'Show this help',
  },
  cache: {
    choose: 'Keep the cache key in a file…',
    confirm: 'The key will be stored in a file next to the cache: anyone who copies the profile folder can read the cached messages. Continue?',
    accept: 'Yes, I understand the risk',
    cancel: 'Cancel',
  },
  errors: {
    bridgeUnavailable: 'The application’s local service does not answer. Restart the application.',
  },
};

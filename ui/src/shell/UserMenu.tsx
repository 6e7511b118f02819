import { CircleUserRound, LogOut } from 'lucide-react';
import { Badge } from '../components/ui/badge';
import { Button } from '../components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '../components/ui/dropdown-menu';
import { roleOf, useUser, usernameOf } from '../hooks/useUser';
import { logout } from '../lib/logout';
import { roleLabel } from '../lib/roles';

/** The signed-in user: name and role on the trigger, and Log out in the menu. */
export function UserMenu() {
  const user = useUser().data;
  const username = usernameOf(user);
  if (!username) return null;
  const role = roleLabel(roleOf(user));

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" className="max-w-56 gap-2 px-2" data-testid="user-menu">
          <CircleUserRound aria-hidden="true" />
          {/* on a phone the name is for screen readers only, the icon is enough to find the menu */}
          <span className="sr-only truncate sm:not-sr-only">{username}</span>
          <Badge variant="outline" className="hidden sm:inline-flex">
            {role}
          </Badge>
          <span className="sr-only sm:hidden">{`, ${role}`}</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent className="w-60">
        <DropdownMenuLabel className="grid gap-1">
          <span className="truncate">{username}</span>
          <Badge variant="secondary">{role}</Badge>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem data-testid="logout-button" onSelect={() => void logout()}>
          <LogOut aria-hidden="true" />
          Log out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

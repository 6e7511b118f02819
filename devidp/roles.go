package devidp

// The four client roles of a resource client, lowest first (auth.md §10.2).
const (
	RoleUser      = "resource_user"
	RolePowerUser = "resource_power_user"
	RoleManager   = "resource_manager"
	RoleAdmin     = "resource_admin"
)

// resourceRoles is the ladder, lowest first.
var resourceRoles = [...]string{RoleUser, RolePowerUser, RoleManager, RoleAdmin}

// roleLevel is the ladder position of role, 1 to 4, or 0 for anything else.
func roleLevel(role string) int {
	for i, r := range resourceRoles {
		if r == role {
			return i + 1
		}
	}
	return 0
}

// highestLevel is the highest ladder level among roles, 0 when none is recognised.
func highestLevel(roles []string) int {
	best := 0
	for _, r := range roles {
		best = max(best, roleLevel(r))
	}
	return best
}

// highestRole names the highest recognised role, or the first role when none is recognised.
func highestRole(roles []string) string {
	if l := highestLevel(roles); l > 0 {
		return resourceRoles[l-1]
	}
	if len(roles) > 0 {
		return roles[0]
	}
	return ""
}
